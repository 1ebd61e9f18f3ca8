#include "interpreter.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "python_version.h"

namespace fs = std::filesystem;

namespace mpc {

std::vector<Interpreter> built_interpreters(const std::string& runners_dir) {
  std::vector<Interpreter> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(runners_dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) continue;
    Interpreter i{j.value("version", ""), j.value("executable", ""), j.value("runner", ""),
                  j.value("default", false)};
    // The runner beside its manifest: a moved build or an install keeps the build's
    // path in the manifest, and the file is here.
    const fs::path beside = entry.path().parent_path() / fs::path(i.runner).filename();
    if (!i.runner.empty() && fs::exists(beside)) i.runner = beside.string();
    if (!i.version.empty() && fs::exists(i.runner)) out.push_back(i);
  }
  std::sort(out.begin(), out.end(), [](const Interpreter& a, const Interpreter& b) {
    return PythonVersion::Parse(a.version)->compare_on(*PythonVersion::Parse(b.version)) < 0;
  });
  return out;
}

std::string venv_of(const std::string& python_path) {
  const fs::path exe_dir = fs::absolute(python_path).lexically_normal().parent_path();
  std::error_code ec;
  for (const fs::path& candidate : {exe_dir.parent_path(), exe_dir})
    if (fs::is_regular_file(candidate / "pyvenv.cfg", ec)) return exe_dir.parent_path().string();
  return "";
}

std::vector<UnusableInterpreter> unusable_interpreters(const std::string& runners_dir) {
  std::vector<UnusableInterpreter> out;
  std::ifstream in(runners_dir + "/unusable.json");
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& u : j)
    if (u.is_object()) out.push_back({u.value("python", ""), u.value("reason", "")});
  return out;
}

namespace {

// Whether `i` is what `--python wanted` names; `real` is the canonical path when
// `wanted` is a path.
bool runner_matches(const Interpreter& i, const std::string& wanted, const std::string& real) {
  if (wanted.find('/') != std::string::npos) return i.executable == real || i.runner == real;
  auto version = PythonVersion::Parse(wanted);
  return version && PythonVersion::Parse(i.version)->compare_on(*version) == 0;
}

}  // namespace

bool has_runner_for(const std::vector<Interpreter>& built, const std::string& wanted) {
  if (wanted == "all") return true;
  std::error_code ec;
  const std::string real =
      wanted.find('/') != std::string::npos ? fs::canonical(wanted, ec).string() : std::string();
  if (ec) return false;
  for (const auto& i : built)
    if (runner_matches(i, wanted, real)) return true;
  return false;
}

std::string python_on_path(const std::string& version) {
  auto v = PythonVersion::Parse(version);
  if (!v || v->parts.size() < 2) return "";
  const std::string minor = std::to_string(v->parts[0]) + "." + std::to_string(v->parts[1]);
  auto runs = [](const fs::path& p) { return access(p.c_str(), X_OK) == 0 && !fs::is_directory(p); };
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  bool shims = false;
  for (size_t start = 0; start <= dirs.size();) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string dir = dirs.substr(start, end - start);
    start = end + 1;
    // pyenv's shims fail for any version but the selected one; where they point is
    // searched below, as cmake/Runner.cmake's discovery does.
    if (dir.find("pyenv/shims") != std::string::npos) {
      shims = true;
      continue;
    }
    if (!dir.empty() && runs(fs::path(dir) / ("python" + minor))) return dir + "/python" + minor;
  }
  if (!shims) return "";
  const char* root = std::getenv("PYENV_ROOT");
  const char* home = std::getenv("HOME");
  const fs::path versions = fs::path(root && *root ? root : std::string(home ? home : "") + "/.pyenv") / "versions";
  std::string best, best_version;  // the newest X.Y.Z installed
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(versions, ec)) {
    const std::string name = entry.path().filename().string();
    auto found = PythonVersion::Parse(name);
    const fs::path python = entry.path() / "bin" / ("python" + minor);
    if (!found || found->compare_on(*v) != 0 || !runs(python)) continue;
    if (best.empty() || found->compare_on(*PythonVersion::Parse(best_version)) > 0) {
      best = python.string();
      best_version = name;
    }
  }
  return best;
}

std::vector<Interpreter> select_interpreters(const std::vector<Interpreter>& built,
                                             const std::vector<std::string>& wanted) {
  std::vector<Interpreter> out;
  auto add = [&](const Interpreter& i) {
    for (const auto& o : out) {
      if (o.runner == i.runner && o.venv == i.venv) return;
      // Cells are named by version and method: two interpreters of one version
      // in one run would write over each other's results.
      if (o.version == i.version)
        throw std::runtime_error("--python: " + (o.venv.empty() ? o.executable : o.venv) + " and " +
                                 (i.venv.empty() ? i.executable : i.venv) + " are both Python " + i.version +
                                 "; check them in separate runs");
    }
    out.push_back(i);
  };
  if (wanted.empty()) {
    for (const auto& i : built)
      if (i.is_default) add(i);
    if (out.empty()) throw std::runtime_error("no runner was built; build the project first (see README.md)");
    return out;
  }
  for (const auto& w : wanted) {
    if (w == "all") {
      for (const auto& i : built) add(i);
      continue;
    }
    const bool is_path = w.find('/') != std::string::npos;
    std::string real, venv;
    if (is_path) {
      std::error_code ec;
      real = fs::canonical(w, ec).string();
      if (ec) throw std::runtime_error("--python " + w + ": no such interpreter");
      venv = venv_of(w);
    }
    bool found = false;
    for (const auto& i : built) {
      if (runner_matches(i, w, real)) {
        Interpreter chosen = i;
        if (!venv.empty()) {  // run as the venv's python, with the base version's runner
          chosen.executable = fs::absolute(w).lexically_normal().string();
          chosen.venv = venv;
        }
        add(chosen);
        found = true;
      }
    }
    if (!found)
      throw std::runtime_error(
          "--python " + w + ": no runner built for it, and no python" + w + " on PATH to build one for; give "
          "the interpreter's path (--python /path/to/python" + w + ")");
  }
  return out;
}

}  // namespace mpc
