// A case: one Python program with its metadata block (cases/README.md), read into
// what the harness needs. Everything a report says about a case comes from here.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "cell_limits.h"
#include "expectation.h"

namespace mpc {

inline const std::vector<std::string>& all_methods() {
  static const std::vector<std::string> kMethods = {"fork", "spawn", "forkserver", "default"};
  return kMethods;
}

// Something a case needs from the interpreter that runs it (`requires:`): a module
// it can import, or a shared library file. A cell that lacks one is `unsupported`.
struct Requirement {
  std::string kind;  // "module" or "library"
  std::string name;  // a module name, or a library path (relative: to the system's)

  std::string str() const { return kind + ":" + name; }
};

struct Case {
  std::string id, file, title, source, claim, notes;
  std::map<std::string, MethodExpectation> expect;  // by method, or "all"
  // What the source document says happens, in the same form as `expect`: the
  // claims view compares it with what really happened, cell by cell.
  std::map<std::string, MethodExpectation> documented;
  double timeout_s = 30;
  LimitOverrides limits;  // what the case's `limits` block sets (timeout included)
  std::vector<std::string> tags;
  std::vector<Requirement> requirements;  // `requires`, in the order written

  // How a user's program runs (`check`, check_case.h); a catalog case leaves these
  // empty: it runs with no arguments in a scratch folder of its own.
  std::string module;             // run as `python -m MODULE` (file is then "")
  std::vector<std::string> args;  // sys.argv[1:]
  std::string cwd;                // the folder it runs in; "" for a scratch folder
  bool diagnose = false;          // the runner's check hooks (pickling, own method)
  bool pytest_suite = false;      // `-m pytest`: each cell gives pytest a --junitxml of its own

  // The rules for `method`, falling back to "all"; null when neither is given.
  const MethodExpectation* expectation_for(const std::string& method) const {
    return lookup(expect, method);
  }
  const MethodExpectation* documented_for(const std::string& method) const {
    return lookup(documented, method);
  }

 private:
  static const MethodExpectation* lookup(const std::map<std::string, MethodExpectation>& m,
                                         const std::string& method) {
    auto it = m.find(method);
    if (it == m.end()) it = m.find("all");
    return it == m.end() ? nullptr : &it->second;
  }
};

// A case that could not be read: where, and what to fix.
struct CaseError {
  std::string file;
  int line = 0;  // 1-based; 0 when the whole file is at fault
  std::string message;

  std::string str() const {
    return file + (line > 0 ? ":" + std::to_string(line) : "") + ": " + message;
  }
};

}  // namespace mpc
