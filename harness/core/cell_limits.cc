#include "cell_limits.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace mpc {

CellLimits effective_limits(const LimitOverrides& c, const LimitOverrides& cli) {
  CellLimits l;
  auto apply = [&l](const LimitOverrides& o) {
    if (o.timeout_s) l.timeout_s = *o.timeout_s;
    if (o.processes) l.processes = *o.processes;
    if (o.memory_bytes) l.memory_bytes = *o.memory_bytes;
    if (o.output_bytes) l.output_bytes = *o.output_bytes;
  };
  apply(c);
  apply(cli);
  return l;
}

std::optional<uint64_t> parse_size(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  char* end = nullptr;
  const std::string number = text.substr(0, i);
  const double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !(value >= 0)) return std::nullopt;
  std::string unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  struct Unit { const char* name; double factor; };
  static const Unit kUnits[] = {{"", 1},          {"B", 1},          {"KB", 1e3},
                                {"MB", 1e6},      {"GB", 1e9},       {"KiB", 1024.0},
                                {"MiB", 1048576.0}, {"GiB", 1073741824.0}};
  for (const Unit& u : kUnits) {
    if (unit != u.name) continue;
    const double bytes = value * u.factor;
    if (bytes > 1e18) return std::nullopt;
    return static_cast<uint64_t>(std::llround(bytes));
  }
  return std::nullopt;
}

std::string set_limit(LimitOverrides& into, const std::string& name, const std::string& value) {
  if (name == "timeout") {
    char* end = nullptr;
    const double s = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !(s > 0 && s <= 3600))
      return "timeout must be a number of seconds between 0 and 3600, not '" + value + "'";
    into.timeout_s = s;
    return "";
  }
  if (name == "processes") {
    char* end = nullptr;
    const long n = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || n < 1 || n > 100000)
      return "processes must be a whole number between 1 and 100000, not '" + value + "'";
    into.processes = static_cast<int>(n);
    return "";
  }
  if (name == "memory" || name == "output") {
    const std::optional<uint64_t> bytes = parse_size(value);
    if (!bytes || *bytes < 4096)
      return name + " must be a size of at least 4KiB such as 512MiB or 2GiB, not '" + value + "'";
    (name == "memory" ? into.memory_bytes : into.output_bytes) = *bytes;
    return "";
  }
  return "unknown limit '" + name + "' (" + limit_names_help() + ")";
}

std::string set_limit_flag(LimitOverrides& into, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    return "--limit takes NAME=VALUE (" + std::string(limit_names_help()) + "), not '" + assignment + "'";
  return set_limit(into, assignment.substr(0, eq), assignment.substr(eq + 1));
}

const char* limit_names_help() { return "timeout, processes, memory, output"; }

}  // namespace mpc
