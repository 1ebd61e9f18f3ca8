// A case: one Python program with its metadata block (cases/README.md), read into
// what the harness needs. Everything a report says about a case comes from here.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "expectation.h"

namespace mpc {

inline const std::vector<std::string>& all_methods() {
  static const std::vector<std::string> kMethods = {"fork", "spawn", "forkserver", "default"};
  return kMethods;
}

struct Case {
  std::string id, file, title, source, claim, notes;
  std::map<std::string, MethodExpectation> expect;  // by method, or "all"
  double timeout_s = 30;
  std::vector<std::string> tags;

  // The rules for `method`, falling back to "all"; null when neither is given.
  const MethodExpectation* expectation_for(const std::string& method) const {
    auto it = expect.find(method);
    if (it == expect.end()) it = expect.find("all");
    return it == expect.end() ? nullptr : &it->second;
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
