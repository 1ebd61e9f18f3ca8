#include "check_baseline.h"

#include <map>
#include <sstream>

using nlohmann::json;

namespace mpc {
namespace {

constexpr size_t kMaxLinesShown = 20;  // per list: a difference, not a copy of the output

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::string stream_text(const json& cell, const char* stream) {
  const json text = cell.value(json::json_pointer(std::string("/evidence/") + stream + "/text"), json(""));
  return text.is_string() ? text.get<std::string>() : "";
}

std::optional<int> exit_code(const json& cell) {
  const json code = cell.value("/evidence/exit_code"_json_pointer, json(nullptr));
  return code.is_number_integer() ? std::optional<int>(code.get<int>()) : std::nullopt;
}

// Lines of `a` not in `b`, counted: a line printed twice in `a` and once in `b` is
// missing once.
std::vector<std::string> minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::map<std::string, int> left;
  for (const auto& line : b) ++left[line];
  std::vector<std::string> out;
  for (const auto& line : a) {
    auto it = left.find(line);
    if (it != left.end() && it->second > 0) --it->second;
    else if (out.size() < kMaxLinesShown) out.push_back(line);
  }
  return out;
}

void add_count(std::string& into, size_t n, const char* what) {
  if (n == 0) return;
  if (!into.empty()) into += ", ";
  into += std::to_string(n) + (n == 1 ? " line " : " lines ") + what;
}

}  // namespace

std::optional<size_t> choose_baseline(const json& cells) {
  std::optional<size_t> first_ok;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].value("outcome", "") != "ok") continue;
    if (cells[i].value("method", "") == "fork") return i;
    if (!first_ok) first_ok = i;
  }
  return first_ok;
}

bool OutputDifference::empty() const {
  return stdout_missing.empty() && stdout_extra.empty() && stderr_missing.empty() && stderr_extra.empty() &&
         !baseline_exit;
}

json OutputDifference::to_json() const {
  return {{"stdout_missing", stdout_missing}, {"stdout_extra", stdout_extra},
          {"stderr_missing", stderr_missing}, {"stderr_extra", stderr_extra},
          {"exit_code", baseline_exit ? json{{"baseline", *baseline_exit}, {"cell", *cell_exit}} : json(nullptr)}};
}

std::string OutputDifference::summary() const {
  std::string s;
  add_count(s, stdout_missing.size(), "of stdout missing");
  add_count(s, stdout_extra.size(), "of stdout extra");
  add_count(s, stderr_missing.size(), "of stderr missing");
  add_count(s, stderr_extra.size(), "of stderr extra");
  if (baseline_exit) {
    if (!s.empty()) s += ", ";
    s += "exit code " + std::to_string(*baseline_exit) + " -> " + std::to_string(*cell_exit);
  }
  return s;
}

OutputDifference output_difference(const json& baseline, const json& cell) {
  OutputDifference d;
  const auto base_out = lines_of(stream_text(baseline, "stdout")), out = lines_of(stream_text(cell, "stdout"));
  const auto base_err = lines_of(stream_text(baseline, "stderr")), err = lines_of(stream_text(cell, "stderr"));
  d.stdout_missing = minus(base_out, out);
  d.stdout_extra = minus(out, base_out);
  d.stderr_missing = minus(base_err, err);
  d.stderr_extra = minus(err, base_err);
  const auto a = exit_code(baseline), b = exit_code(cell);
  if (a != b && a && b) {
    d.baseline_exit = a;
    d.cell_exit = b;
  }
  return d;
}

bool same_as_baseline(const json& baseline, const json& cell) {
  return cell.value("outcome", "") == baseline.value("outcome", "") && output_difference(baseline, cell).empty();
}

}  // namespace mpc
