// The interpreters a command runs on (`run`, `check`, `repro`, `run --compare`):
// the build's runners, and for each --python the build has none for, a runner built
// on demand into the user's cache (harness/core/runner_cache.h).
#pragma once
#include <string>
#include <vector>

#include "interpreter.h"

namespace mpc::cli {

// As select_interpreters(), after building what is missing (one progress line on
// stderr per runner built). Throws std::runtime_error with one line.
std::vector<Interpreter> choose_interpreters(const std::vector<std::string>& wanted);

}  // namespace mpc::cli
