#include "paths.h"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>

namespace mpc::cli {

namespace fs = std::filesystem;

namespace {

// An install (cmake --install, the Debian package) puts the runners under
// <prefix>/libexec/mpconform and the catalog, fixtures and hooks under
// <prefix>/share/mpconform, found from the binary's own folder so a relocated
// install works. A build tree has runners/ beside the binary and reads the rest
// from its source tree.
bool installed() {
  static const bool yes = !fs::is_directory(executable_dir() + "/runners") &&
                          fs::is_directory(executable_dir() + "/../share/mpconform/cases");
  return yes;
}

std::string shared(const std::string& what) {
  return fs::path(executable_dir() + "/../share/mpconform/" + what).lexically_normal().string();
}

}  // namespace

std::string executable_dir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  return fs::path(std::string(buf, n)).parent_path().string();
}

std::string runners_dir() {
  if (installed()) return fs::path(executable_dir() + "/../libexec/mpconform/runners").lexically_normal().string();
  return executable_dir() + "/runners";
}
std::string builtin_cases_dir() { return installed() ? shared("cases") : MPCONFORM_SOURCE_DIR "/cases"; }
std::string fixtures_dir() { return installed() ? shared("fixtures") : MPCONFORM_SOURCE_DIR "/fixtures"; }
std::string hooks_dir() { return installed() ? shared("pyhooks") : MPCONFORM_SOURCE_DIR "/harness/pyhooks"; }
std::string runner_sources_dir() {
  return installed() ? shared("runner-src") : MPCONFORM_SOURCE_DIR "/harness/runner";
}

std::string runner_cache_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  // XDG says a relative $XDG_CACHE_HOME is to be ignored.
  const std::string base = xdg && *xdg == '/' ? xdg : std::string(home && *home ? home : "/tmp") + "/.cache";
  return base + "/mpconform/runners";
}

}  // namespace mpc::cli
