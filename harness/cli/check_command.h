// `mpconform check PROGRAM.py [ARGS...]`: a user's own program, unmodified, under
// every start method (and interpreter asked for), compared with the cell where it
// works, each break with its cause and remedy (check.json).
#pragma once
#include <string>
#include <vector>

#include "check_ci_outputs.h"

namespace CLI { class App; }

namespace mpc::cli {

struct CheckOptions {
  std::vector<std::string> pythons, methods;
  std::vector<std::string> oses;  // --os: emulated platforms beside linux (os_lens.h)
  int jobs = 0;         // 0: one per CPU
  double timeout_s = 0;  // 0: the default cell timeout
  double idle_timeout_s = 0;  // a suite's idle window; 0: the default cell timeout
  std::string report_dir = "mpconform-reports";
  bool quiet = false;
  int reruns = 1;  // extra runs of a baseline and of each cell whose output differs (check_reruns.h)
  std::string module;  // -m MODULE: the program is a module; program_and_args are its arguments
  std::vector<std::string> program_and_args;  // what follows check's own options
  std::vector<std::string> command_line;
  CiOutputs ci;  // --github, --sarif FILE
};

void add_check_command(CLI::App& app, CheckOptions& options, int& exit_code);
int check_command(const CheckOptions& options);

}  // namespace mpc::cli
