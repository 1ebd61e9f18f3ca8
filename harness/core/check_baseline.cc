#include "check_baseline.h"

#include <sstream>

using nlohmann::json;

namespace mpc {
namespace {

constexpr size_t kMaxLinesShown = 20;  // per list: a difference, not a copy of the output

std::vector<std::string> lines_of(const json& text) {
  std::vector<std::string> out;
  if (!text.is_string()) return out;
  std::istringstream in(text.get<std::string>());
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::optional<int> exit_code_of(const json& code) {
  return code.is_number_integer() ? std::optional<int>(code.get<int>()) : std::nullopt;
}

RunText run_text(const json& stdout_text, const json& stderr_text, const json& exit_code) {
  return {lines_of(stdout_text), lines_of(stderr_text), exit_code_of(exit_code)};
}

const json& evidence_of(const json& cell) {
  static const json kNone = json::object();
  auto it = cell.find("evidence");
  return it != cell.end() && it->is_object() ? *it : kNone;
}

json at(const json& j, const char* pointer) { return j.value(json::json_pointer(pointer), json(nullptr)); }

// Each key's counts over a set of runs, lowest and highest (absent: 0).
struct Range {
  int low = 0, high = 0;
};

std::map<std::string, Range> ranges(const std::vector<const std::vector<std::string>*>& runs,
                                    const StreamVariation& v) {
  std::vector<std::map<std::string, int>> counts;
  std::map<std::string, Range> out;
  for (const auto* lines : runs) {
    std::map<std::string, int> c;
    for (const auto& l : *lines) ++c[v.key(l)];
    for (const auto& [k, n] : c) out[k];
    counts.push_back(std::move(c));
  }
  for (auto& [k, r] : out) {
    bool first = true;
    for (const auto& c : counts) {
      auto it = c.find(k);
      const int n = it == c.end() ? 0 : it->second;
      r.low = first ? n : std::min(r.low, n);
      r.high = first ? n : std::max(r.high, n);
      first = false;
    }
  }
  return out;
}

// How many more times `a` has key than `b`, beyond what varies.
int surplus(const std::string& key, const Range& a, const Range& b, const StreamVariation& v) {
  if (v.some.count(key)) return a.low > 0 && b.high == 0 ? a.low : 0;  // some against none
  return a.low > b.low ? a.low - b.low : 0;  // stable on both sides: one count each
}

// The lines of `first` (a run of the side that has more) for the keys it has more of.
std::vector<std::string> surplus_lines(const std::vector<std::string>& first, std::map<std::string, int> wanted,
                                       const StreamVariation& v) {
  std::vector<std::string> out;
  for (const auto& line : first) {
    auto it = wanted.find(v.key(line));
    if (it == wanted.end() || it->second == 0) continue;
    --it->second;
    if (out.size() < kMaxLinesShown) out.push_back(line);
  }
  return out;
}

void compare_stream(const std::vector<const std::vector<std::string>*>& base,
                    const std::vector<const std::vector<std::string>*>& cell, const StreamVariation& v,
                    std::vector<std::string>& missing, std::vector<std::string>& extra) {
  const auto b = ranges(base, v), c = ranges(cell, v);
  std::map<std::string, int> lost, gained;
  static const Range kNone;
  for (const auto& [k, r] : b) {
    auto it = c.find(k);
    if (int n = surplus(k, r, it == c.end() ? kNone : it->second, v)) lost[k] = n;
  }
  for (const auto& [k, r] : c) {
    auto it = b.find(k);
    if (int n = surplus(k, r, it == b.end() ? kNone : it->second, v)) gained[k] = n;
  }
  missing = surplus_lines(*base.front(), lost, v);
  extra = surplus_lines(*cell.front(), gained, v);
}

// "3 lines of stdout vary between runs, compared by shape": what the first run of
// `runs` had that `v` compared loosely.
void say_discounted(const std::vector<std::string>& lines, const StreamVariation& v, const char* stream,
                    std::vector<std::string>& into) {
  size_t by_shape = 0, some = 0;
  for (const auto& line : lines) {
    const std::string k = v.key(line);
    if (v.some.count(k)) ++some;
    else if (k != line) ++by_shape;
  }
  auto lines_word = [](size_t n) { return std::to_string(n) + (n == 1 ? " line of " : " lines of "); };
  if (by_shape)
    into.push_back(lines_word(by_shape) + stream + (by_shape == 1 ? " varies" : " vary") +
                   " between runs only in numbers, times, pids or addresses: compared by shape");
  if (some)
    into.push_back(lines_word(some) + stream + (some == 1 ? " appears" : " appear") +
                   " a varying number of times between runs: compared as present or absent, not counted");
}

void add_count(std::string& into, size_t n, const char* what) {
  if (n == 0) return;
  if (!into.empty()) into += ", ";
  into += std::to_string(n) + (n == 1 ? " line " : " lines ") + what;
}

}  // namespace

std::string interpreter_of(const json& cell) {
  const json exe = at(cell, "/python/executable");
  return exe.is_string() ? exe.get<std::string>() : cell.value("/python/version"_json_pointer, std::string());
}

bool hid_a_hang(const json& cell) {
  const json d = at(cell, "/evidence/deadlocked_unwaited");
  return d.is_array() && !d.empty();
}

std::map<std::string, size_t> choose_baselines(const json& cells) {
  std::map<std::string, size_t> chosen;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].value("outcome", "") != "ok" || hid_a_hang(cells[i])) continue;
    // An emulated platform's cell (`os` set) is compared with the host's, never its baseline.
    if (cells[i].contains("os")) continue;
    const std::string python = interpreter_of(cells[i]);
    auto it = chosen.find(python);
    if (it == chosen.end()) chosen[python] = i;
    else if (cells[i].value("method", "") == "fork" && cells[it->second].value("method", "") != "fork")
      it->second = i;
  }
  return chosen;
}

std::optional<size_t> choose_baseline(const json& cells) {
  const auto chosen = choose_baselines(cells);
  for (const auto& cell : cells) {  // the first interpreter's, in plan order
    auto it = chosen.find(interpreter_of(cell));
    if (it != chosen.end()) return it->second;
  }
  return std::nullopt;
}

std::vector<RunText> runs_of(const json& cell) {
  const json& ev = evidence_of(cell);
  std::vector<RunText> runs{run_text(at(ev, "/stdout/text"), at(ev, "/stderr/text"), at(ev, "/exit_code"))};
  const json reruns = ev.value("reruns", json::array());
  // A rerun that ended otherwise (a race that hung this time) says nothing of the output.
  if (reruns.is_array())
    for (const auto& r : reruns)
      if (r.is_object() && r.value("outcome", "") == cell.value("outcome", "")) runs.push_back(run_text(at(r, "/stdout/text"), at(r, "/stderr/text"), at(r, "/exit_code")));
  return runs;
}

bool OutputDifference::empty() const {
  return stdout_missing.empty() && stdout_extra.empty() && stderr_missing.empty() && stderr_extra.empty() &&
         !baseline_exit;
}

json OutputDifference::to_json() const {
  return {{"stdout_missing", stdout_missing}, {"stdout_extra", stdout_extra},
          {"stderr_missing", stderr_missing}, {"stderr_extra", stderr_extra},
          {"exit_code", baseline_exit ? json{{"baseline", *baseline_exit}, {"cell", *cell_exit}} : json(nullptr)},
          {"discounted", discounted}, {"runs_compared", runs}};
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
  const std::vector<RunText> base_runs = runs_of(baseline), cell_runs = runs_of(cell);
  d.runs = base_runs.size() + cell_runs.size();
  // What either side does by itself is no difference between them.
  OutputVariation v = learn_variation(base_runs);
  v.merge(learn_variation(cell_runs));
  std::vector<const std::vector<std::string>*> bo, be, co, ce;
  for (const auto& r : base_runs) bo.push_back(&r.out), be.push_back(&r.err);
  for (const auto& r : cell_runs) co.push_back(&r.out), ce.push_back(&r.err);
  compare_stream(bo, co, v.out, d.stdout_missing, d.stdout_extra);
  compare_stream(be, ce, v.err, d.stderr_missing, d.stderr_extra);
  say_discounted(base_runs.front().out, v.out, "stdout", d.discounted);
  say_discounted(base_runs.front().err, v.err, "stderr", d.discounted);
  const auto a = base_runs.front().exit_code, b = cell_runs.front().exit_code;
  if (a != b && a && b) {
    d.baseline_exit = a;
    d.cell_exit = b;
  }
  return d;
}

bool same_as_baseline(const json& baseline, const json& cell) {
  return same_as_baseline(baseline, cell, output_difference(baseline, cell));
}

bool same_as_baseline(const json& baseline, const json& cell, const OutputDifference& diff) {
  return cell.value("outcome", "") == baseline.value("outcome", "") && diff.empty();
}

}  // namespace mpc
