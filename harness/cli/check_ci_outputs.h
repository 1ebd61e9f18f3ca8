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

// With --github: the program's own words reach the log (the terminal report shows
// lines its cells lost and gained, its stderr), and a line of them such as
// "::error::..." or "::add-mask::..." would be taken by the runner as a workflow
// command. From construction until resume() (or destruction) no command is taken:
// `::stop-commands::TOKEN` first, `::TOKEN::` after, TOKEN random per run so the
// program cannot print it. Without --github it prints nothing.
class WorkflowCommandsStopped {
 public:
  explicit WorkflowCommandsStopped(bool github);
  ~WorkflowCommandsStopped() { resume(); }
  WorkflowCommandsStopped(const WorkflowCommandsStopped&) = delete;
  WorkflowCommandsStopped& operator=(const WorkflowCommandsStopped&) = delete;
  void resume();

 private:
  std::string token_;  // "" when not stopped
};

// Throws std::runtime_error naming the file it could not write. `stopped` is
// resumed before the annotations are printed.
void write_ci_outputs(const CiOutputs& outputs, const nlohmann::json& check, WorkflowCommandsStopped& stopped);

}  // namespace mpc::cli
