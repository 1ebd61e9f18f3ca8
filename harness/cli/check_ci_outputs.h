// Where `check --github` and `check --sarif FILE` send what check.json says: the
// annotations to stdout, the job summary appended to $GITHUB_STEP_SUMMARY (when
// set), the SARIF file. The environment decides only where output goes and what
// the paths are relative to ($GITHUB_WORKSPACE, else the current folder), never
// what the check found or its exit status.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace mpc::cli {

struct CiOutputs {
  bool github = false;     // --github
  std::string sarif_path;  // --sarif FILE; "" for none
};

// Throws std::runtime_error naming the file it could not write.
void write_ci_outputs(const CiOutputs& outputs, const nlohmann::json& check);

}  // namespace mpc::cli
