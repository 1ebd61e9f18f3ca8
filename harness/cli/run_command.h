// `mpconform run`: plan the cells, run them, write the reports, show the matrix.
#pragma once
#include <string>
#include <vector>

namespace CLI { class App; }

namespace mpc::cli {

struct RunOptions {
  std::vector<std::string> cases_dirs;
  bool builtin = false;  // the built-in catalog beside --cases-dir
  std::vector<std::string> case_ids, methods, pythons, tags, skip_tags;
  std::vector<std::string> oses;  // --os: emulated platforms beside linux (os_lens.h)
  std::string exe_mode = "python";
  int jobs = 0;  // 0: one per CPU
  std::string report_dir = "mpconform-reports";
  bool quiet = false;
  std::string shard;     // "K/N"
  bool compare = false;
  std::vector<std::string> limits;  // --limit NAME=VALUE  // compare neighbouring interpreters after the run
  std::vector<std::string> command_line;
};

void add_run_command(CLI::App& app, RunOptions& options, int& exit_code);
int run_command(const RunOptions& options);

}  // namespace mpc::cli
