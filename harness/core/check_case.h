// The case `check` makes of a user's program: no metadata block to parse and no
// expectations (its cells are compared with each other, not with a claim), run
// with its own arguments in the caller's folder, with the runner's check hooks.
#pragma once
#include <string>
#include <vector>

#include "case.h"

namespace mpc {

// `program` as the user named it (relative to `cwd`, or absolute).
Case program_case(const std::string& program, const std::vector<std::string>& args, const std::string& cwd);

// The same for `check -m MODULE ARGS`, run as `python -m MODULE ARGS` would; a
// pytest module makes a suite (Case::pytest_suite).
Case module_case(const std::string& module, const std::vector<std::string>& args, const std::string& cwd);

// Whether `-m MODULE` is pytest (`pytest`, or its old name `py.test`).
bool is_pytest_module(const std::string& module);

}  // namespace mpc
