// check.json (reports/check-schema.md): a `check` run's results document read as
// answers to "does my program survive another start method?": the baseline, the
// breaks with their diagnosis and remedy, the place the program chooses its own
// method, and one verdict. Built from the results document alone, so it can be
// made again from a results.json.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mpc {

struct CheckedProgram {
  std::string program;            // as the user named it
  std::vector<std::string> args;  // its own arguments
  std::string cwd;                // where it ran
};

nlohmann::json build_check_document(const nlohmann::json& results, const CheckedProgram& program);

// 0 when every cell behaves as the baseline, 1 when something breaks.
int check_exit_status(const nlohmann::json& check);

}  // namespace mpc
