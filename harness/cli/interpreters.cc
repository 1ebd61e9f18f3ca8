#include "interpreters.h"

#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "paths.h"
#include "runner_cache.h"

namespace mpc::cli {

std::vector<Interpreter> choose_interpreters(const std::vector<std::string>& wanted) {
  std::vector<Interpreter> available = built_interpreters(runners_dir());
  const RunnerCache cache{runner_cache_dir(), runner_sources_dir(), MPCONFORM_VERSION};
  for (const auto& w : wanted) {
    if (has_runner_for(available, w)) continue;
    // A path as given (a venv's python keeps its own path), or pythonX.Y on PATH;
    // where neither is there, select_interpreters says what is missing.
    const std::string python = w.find('/') != std::string::npos ? w : python_on_path(w);
    std::error_code ec;
    if (python.empty() || !std::filesystem::exists(python, ec)) continue;
    try {
      available.push_back(cached_runner(cache, python, std::cerr));
    } catch (const std::exception& e) {
      throw std::runtime_error("--python " + w + ": " + e.what());
    }
  }
  return select_interpreters(available, wanted);
}

}  // namespace mpc::cli
