// The interpreters a run can use: one per runner the build made (build/runners/
// X.Y.json, written at configure time) or built on demand (runner_cache.h), chosen
// by version or by path.
#pragma once
#include <string>
#include <vector>

namespace mpc {

struct Interpreter {
  std::string version;     // "3.11.2"
  std::string executable;  // the real interpreter, e.g. /usr/bin/python3.11
  std::string runner;      // build/runners/mpconform-runner-3.11
  bool is_default = false;
  // A virtual environment's python, given by path: `executable` is that path as
  // given (absolute, symlink kept, since Python finds the venv from it) and `venv`
  // the environment's folder; the runner is the one built for its base interpreter.
  std::string venv = "";
};

// The folder of the virtual environment whose python `python_path` is (pyvenv.cfg
// beside it or one folder up, where site.py looks), or "" when it is none.
std::string venv_of(const std::string& python_path);

// Every runner described in `runners_dir`, sorted by version.
std::vector<Interpreter> built_interpreters(const std::string& runners_dir);

// Interpreters the build found but could not use, each with the reason
// (runners/unusable.json, written at configure time).
struct UnusableInterpreter {
  std::string python, reason;
};
std::vector<UnusableInterpreter> unusable_interpreters(const std::string& runners_dir);

// Whether `built` has a runner for what `--python wanted` names ("all" always).
bool has_runner_for(const std::vector<Interpreter>& built, const std::string& wanted);

// The interpreter "X.Y" (or "X.Y.Z") names: pythonX.Y on PATH, as a shell would find
// it, except pyenv's shims, whose versions are searched instead; "" when none.
std::string python_on_path(const std::string& version);

// `wanted` holds "X.Y" (or "X.Y.Z"), paths to an interpreter (a venv's python
// included), or "all"; empty means the default one. Throws std::runtime_error saying what is missing and how to add it.
std::vector<Interpreter> select_interpreters(const std::vector<Interpreter>& built,
                                             const std::vector<std::string>& wanted);

}  // namespace mpc
