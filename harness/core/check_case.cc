#include "check_case.h"

#include <filesystem>

namespace mpc {

Case program_case(const std::string& program, const std::vector<std::string>& args, const std::string& cwd) {
  Case c;
  c.id = std::filesystem::path(program).stem().string();
  c.file = program;  // given to the runner as typed: sys.argv[0] is what `python PROGRAM` shows
  c.title = program;
  c.source = "the user's program";
  c.claim = "behaves under every start method as it does in its baseline cell";
  c.tags = {"check"};
  c.args = args;
  c.cwd = cwd;
  c.diagnose = true;
  return c;
}

bool is_pytest_module(const std::string& module) { return module == "pytest" || module == "py.test"; }

Case module_case(const std::string& module, const std::vector<std::string>& args, const std::string& cwd) {
  Case c = program_case(module, args, cwd);
  c.id = module;
  c.file = "";
  c.module = module;
  c.title = "-m " + module;
  c.pytest_suite = is_pytest_module(module);
  return c;
}

}  // namespace mpc
