#include "paths.h"

#include <unistd.h>

#include <climits>
#include <filesystem>

namespace mpc::cli {

std::string executable_dir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  return std::filesystem::path(std::string(buf, n)).parent_path().string();
}

std::string runners_dir() { return executable_dir() + "/runners"; }
std::string builtin_cases_dir() { return MPCONFORM_SOURCE_DIR "/cases"; }
std::string fixtures_dir() { return MPCONFORM_SOURCE_DIR "/fixtures"; }
std::string hooks_dir() { return MPCONFORM_SOURCE_DIR "/harness/pyhooks"; }

}  // namespace mpc::cli
