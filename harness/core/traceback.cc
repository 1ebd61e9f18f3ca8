#include <cctype>
#include <cstdlib>
#include <sstream>

#include "python_exception.h"

namespace mpc {
namespace {

constexpr const char* kHeader = "Traceback (most recent call last):";

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool chains_to_next(const std::string& line) {
  return starts_with(line, "During handling of the above exception") ||
         starts_with(line, "The above exception was the direct cause");
}

// `  File "/x/y.py", line 12, in fn`
bool parse_frame(const std::string& line, Frame& f) {
  if (!starts_with(line, "  File \"")) return false;
  const size_t close = line.find("\", line ", 8);
  if (close == std::string::npos) return false;
  f.file = line.substr(8, close - 8);
  size_t pos = close + 8;
  f.line = std::atoi(line.c_str() + pos);
  const size_t in = line.find(", in ", pos);
  f.function = in == std::string::npos ? "" : line.substr(in + 5);
  return true;
}

// `pkg.mod.SomeError: message` or a bare `SomeError`.
bool parse_final(const std::string& line, PythonException& e) {
  if (line.empty() || line[0] == ' ' || line[0] == '\t') return false;
  const size_t colon = line.find(':');
  std::string name = line.substr(0, colon);
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  const size_t dot = name.rfind('.');
  e.type = dot == std::string::npos ? name : name.substr(dot + 1);
  // Class names start upper-case; anything else is another process's output
  // interleaved into this traceback.
  if (e.type.empty() || !std::isupper(static_cast<unsigned char>(e.type[0]))) return false;
  e.module = dot == std::string::npos ? "" : name.substr(0, dot);
  e.message = colon == std::string::npos ? "" : line.substr(std::min(line.size(), colon + 2));
  return true;
}

}  // namespace

std::vector<PythonException> parse_tracebacks(const std::string& text) {
  std::vector<PythonException> out;
  std::istringstream in(text);
  std::string line;
  bool inside = false, chained = false;
  PythonException current;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (starts_with(line, kHeader)) {
      if (!chained) current = PythonException{};
      current.frames.clear();
      current.text += line + "\n";
      inside = true;
      chained = false;
      continue;
    }
    if (!inside) {
      if (chains_to_next(line) && !out.empty() && out.back().text.size() > 0) {
        // The exception just finished was a cause: the next one replaces it.
        current = out.back();
        out.pop_back();
        current.text += line + "\n";
        chained = true;
      }
      continue;
    }
    current.text += line + "\n";
    Frame f;
    if (parse_frame(line, f)) {
      current.frames.push_back(f);
    } else if (parse_final(line, current)) {
      out.push_back(current);
      inside = false;
    }
  }
  return out;
}

}  // namespace mpc
