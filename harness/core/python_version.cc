#include "python_version.h"

#include <cctype>

namespace mpc {

std::optional<PythonVersion> PythonVersion::Parse(const std::string& text) {
  PythonVersion v;
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    int n = 0;
    size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 6) {
      n = n * 10 + (text[i] - '0');
      ++i;
      ++digits;
    }
    v.parts.push_back(n);
    if (i < text.size() && text[i] == '.' && i + 1 < text.size() &&
        std::isdigit(static_cast<unsigned char>(text[i + 1])))
      ++i;
    else
      break;
  }
  if (v.parts.empty()) return std::nullopt;
  // After the numbers only a pre-release suffix (a1, b2, rc1, +) may follow.
  if (i < text.size() && !std::isalpha(static_cast<unsigned char>(text[i])) && text[i] != '+')
    return std::nullopt;
  return v;
}

int PythonVersion::compare_on(const PythonVersion& other) const {
  for (size_t k = 0; k < other.parts.size(); ++k) {
    int mine = k < parts.size() ? parts[k] : 0;
    if (mine != other.parts[k]) return mine < other.parts[k] ? -1 : 1;
  }
  return 0;
}

std::string PythonVersion::str() const {
  std::string s;
  for (size_t k = 0; k < parts.size(); ++k) s += (k ? "." : "") + std::to_string(parts[k]);
  return s;
}

}  // namespace mpc
