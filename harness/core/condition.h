// Conditions on expectations, like lit's REQUIRES or wpt's `if os == "mac"`:
// `python >= 3.14`, `os == "linux" and not (python < 3.8)`. Parsed once when the
// case is read, so a syntax error is reported with the case's file and line;
// evaluated in this one place against the facts of a cell.
#pragma once
#include <functional>
#include <stdexcept>
#include <string>

#include "python_version.h"

namespace mpc {

struct ConditionFacts {
  PythonVersion python;
  std::string os;  // "linux", "darwin", "windows"
};

class ConditionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Condition {
 public:
  // Throws ConditionError naming what was expected and where.
  static Condition Parse(const std::string& text);
  bool holds(const ConditionFacts& facts) const { return eval_(facts); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::function<bool(const ConditionFacts&)> eval_;
};

}  // namespace mpc
