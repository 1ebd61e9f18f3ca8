// Python version numbers as conditions compare them: "3.11.2" against "3.14"
// compares only the parts written on the right (3.11 < 3.14; 3.11.2 == 3.11).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace mpc {

struct PythonVersion {
  std::vector<int> parts;

  // "3", "3.11", "3.11.2"; a trailing suffix such as "3.15.0a1" keeps the numbers.
  static std::optional<PythonVersion> Parse(const std::string& text);
  // <0, 0, >0 comparing this version with `other` on other's number of parts.
  int compare_on(const PythonVersion& other) const;
  std::string str() const;
};

}  // namespace mpc
