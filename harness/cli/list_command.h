// `mpconform list`: the cases, the interpreters and the start methods a run can use.
#pragma once
#include <string>
#include <vector>

namespace CLI { class App; }

namespace mpc::cli {

struct ListOptions {
  std::vector<std::string> cases_dirs;
  bool builtin = false;
};

void add_list_command(CLI::App& app, ListOptions& options, int& exit_code);
int list_command(const ListOptions& options);

}  // namespace mpc::cli
