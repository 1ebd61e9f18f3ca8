// Runners built on demand, kept in a per-user cache: a runner for an interpreter the
// build did not know is found there when it was built before, else built once from
// runner_build.h's recipe (under a lock, in a temporary folder, moved into place by
// rename, so two mpconform processes never see half a runner) and described by a
// manifest of the same format as the build's runners/<version>.json.
#pragma once
#include <ostream>
#include <string>

#include "interpreter.h"

namespace mpc {

struct RunnerCache {
  std::string dir;          // e.g. ~/.cache/mpconform/runners
  std::string sources_dir;  // main.cc, boot.py, check_hooks.py, compile_boot.py, describe_python.py
  std::string tool_version; // mpconform's own version, part of every build id
};

// The interpreter `python` (a path: an interpreter, a link to one, a venv's python)
// with a runner for it, from the cache or built now with one progress line on
// `progress`. Throws std::runtime_error with one line saying what is missing.
Interpreter cached_runner(const RunnerCache& cache, const std::string& python, std::ostream& progress);

}  // namespace mpc
