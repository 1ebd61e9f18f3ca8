// `mpconform repro CASE`: run one case's cells again and again to measure how
// often they hang, how long they take to hang, and show where the first hang's
// threads are stuck; `--keep` leaves that hung tree alive for a debugger.
#pragma once
#include <string>
#include <vector>

namespace CLI { class App; }

namespace mpc::cli {

struct ReproOptions {
  std::string case_id;
  std::vector<std::string> methods, pythons, cases_dirs, knobs;
  bool builtin = false;
  int runs = 20;
  int jobs = 0;
  bool until_hang = false, keep = false;
  int stderr_backpressure_ms = 0;
  int cpu_load = 0;
  std::vector<std::string> limits;  // --limit NAME=VALUE
  std::string exe_mode = "python";
  std::string report_dir = "mpconform-reports/repro";
  std::vector<std::string> command_line;
};

void add_repro_command(CLI::App& app, ReproOptions& options, int& exit_code);

}  // namespace mpc::cli
