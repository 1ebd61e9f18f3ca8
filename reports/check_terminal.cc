#include "check_terminal.h"

#include <algorithm>
#include <map>
#include <vector>

using nlohmann::json;

namespace mpc {
namespace {

std::string pad(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

std::string place(const json& j) {
  return j.value("file", std::string()) + ":" + std::to_string(j.value("line", 0));
}

std::string join(const json& list, const char* sep) {
  std::string out;
  for (const auto& x : list) out += (out.empty() ? "" : sep) + x.get<std::string>();
  return out;
}

// A suite's cell shows its tests ("1 failed of 3"), not pytest's exit status.
std::string tests_text(const json& counts) {
  int total = 0;
  std::string bad;
  for (const auto& [outcome, n] : counts.items()) total += n.get<int>();
  for (const char* outcome : {"failed", "error", "skipped"}) {
    const int n = counts.value(outcome, 0);
    if (n > 0) bad += (bad.empty() ? "" : ", ") + std::to_string(n) + " " + outcome;
  }
  if (bad.empty()) return std::to_string(total) + " passed";
  return bad + " of " + std::to_string(total);
}

// What a cell shows in the table: its outcome (or a suite's tests), marked when it
// is the baseline, and "~" when the program ran its own method there.
std::string cell_text(const json& c) {
  const json& counts = c.value("test_counts", json(nullptr));
  std::string s = counts.is_object() ? tests_text(counts) : c.value("outcome", "");
  // Ended before its suite did: the tests are those that finished, then the end.
  if (counts.is_object() && c.value("cut_short", json(nullptr)).is_object()) s += ", then " + c.value("outcome", "");
  if (c.value("status", "") == "baseline") s += " (baseline)";
  if (c.value("meaningless", false)) s += " ~";
  return s;
}

// "macOS (emulated)" for a cell of an emulated OS (--os); "" for the host's own.
std::string os_label_of(const json& c) {
  const json& os = c.value("os", json(nullptr));
  return os.is_object() ? os.value("label", std::string()) : std::string();
}

void table(std::string& out, const json& cells) {
  std::vector<std::string> pythons, methods;
  std::map<std::pair<std::string, std::string>, std::string> text;
  size_t row_width = 10;
  for (const auto& c : cells) {
    // A row per interpreter, and per interpreter and emulated OS under --os.
    const std::string label = os_label_of(c);
    const std::string py = c.value("python", "") + (label.empty() ? "" : " " + label), m = c.value("method", "");
    row_width = std::max(row_width, py.size() + 2);
    if (std::find(pythons.begin(), pythons.end(), py) == pythons.end()) pythons.push_back(py);
    if (std::find(methods.begin(), methods.end(), m) == methods.end()) methods.push_back(m);
    text[{py, m}] = cell_text(c);
  }
  size_t width = 12;
  for (const auto& [key, t] : text) width = std::max(width, t.size() + 2);
  out += pad("python", row_width);
  for (const auto& m : methods) out += pad(m, width);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "\n";
  for (const auto& py : pythons) {
    out += pad(py, row_width);
    for (const auto& m : methods) out += pad(text.count({py, m}) ? text[{py, m}] : "-", width);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
}

// Under --os: each rule of an emulated platform that broke the program, once, with
// its CPython source and the cells it broke; then what the lens cannot see.
void emulated_platforms(std::string& out, const json& check) {
  const json rules = check.value("os_rules", json::array()), warnings = check.value("os_warnings", json::array());
  if (rules.empty() && warnings.empty()) return;
  out += "\nemulated platforms (predicted on Linux, not run there):\n";
  for (const auto& r : rules) {
    out += "  " + r["os"].value("label", std::string()) + ": " + r.value("sentence", std::string()) + "\n";
    out += "    rule:   " + r.value("rule", std::string()) + " (CPython: " + r.value("source", std::string()) + ")\n";
    const json& where = r.value("where", json(nullptr));
    if (where.is_object())
      out += "    at:     " + where.value("file", std::string()) + ":" + std::to_string(where.value("line", 0)) + "\n";
    out += "    cells:  " + join(r["cells"], ", ") + "\n";
  }
  for (const auto& w : warnings)
    out += "  warning: " + w.value("warning", std::string()) + " (line " + std::to_string(w.value("line", 0)) + ")\n";
}

constexpr size_t kLinesShown = 5;  // per list; check.json keeps up to 20

// The lines a break lost and gained against the baseline, diff-style: stdout's for
// every break, stderr's only where the outcome is the baseline's (elsewhere it is
// the traceback the cause already explains).
void output_lines(std::string& out, const json& b) {
  const json& d = b.value("output_difference", json(nullptr));
  if (!d.is_object()) return;
  std::vector<std::pair<const char*, const char*>> lists = {{"stdout_missing", "- "}, {"stdout_extra", "+ "}};
  if (b.value("outcome", "") == "ok") {
    lists.push_back({"stderr_missing", "- stderr: "});
    lists.push_back({"stderr_extra", "+ stderr: "});
  }
  bool any = false;
  for (const auto& [key, mark] : lists) any = any || !d.value(key, json::array()).empty();
  if (any) out += "    output against the baseline's (- lost, + gained):\n";
  for (const auto& [key, mark] : lists) {
    const json& lines = d.value(key, json::array());
    for (size_t i = 0; i < lines.size() && i < kLinesShown; ++i)
      out += "      " + std::string(mark) + lines[i].get<std::string>() + "\n";
    if (lines.size() > kLinesShown) out += "      " + std::string(mark) + "... (check.json has more)\n";
  }
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// A suite: each test whose outcome differs, its outcome in every cell ("fork
// failed (baseline), spawn passed, ..." per interpreter), then each distinct
// diagnosis of its failures with the cells it applies to.
void differing_tests(std::string& out, const json& check) {
  const json& tests = check.value("differing_tests", json(nullptr));
  if (!tests.is_array() || tests.empty()) return;
  const json& base = check["baseline"];
  const std::string base_name =
      base.is_object() ? base.value("python", std::string()) + "/" + base.value("method", std::string()) : "";
  out += "\ntests that differ from the baseline's outcome:\n";
  for (const auto& t : tests) {
    out += "  " + t.value("test", std::string()) + "\n";
    std::vector<std::pair<std::string, std::string>> by_python;  // python -> "fork failed, ..."
    const json& outcomes = t.value("outcomes", json::object());
    for (const auto& c : check.value("cells", json::array())) {  // in plan order (json objects sort their keys)
      const std::string cell = c.value("name", std::string()), py = c.value("python", std::string());
      if (!outcomes.contains(cell)) continue;
      std::string word = c.value("method", std::string()) + " " + outcomes[cell].get<std::string>() +
                         (cell == base_name ? " (baseline)" : "");
      auto it = std::find_if(by_python.begin(), by_python.end(), [&](const auto& p) { return p.first == py; });
      if (it == by_python.end()) by_python.push_back({py, word});
      else it->second += ", " + word;
    }
    for (const auto& [py, words] : by_python) out += "    " + py + ": " + words + "\n";
    for (const auto& f : t.value("failures", json::array())) {
      out += "    " + join(f["cells"], ", ") + " " + f.value("outcome", std::string()) + ": " + first_line(f.value("cause", std::string())) + "\n";
      if (!f.value("remedy", std::string()).empty()) out += "      remedy: " + f.value("remedy", std::string()) + "\n";
    }
  }
}

// Interpreters said once (a module they lack), and what the output's own
// variation made `check` compare loosely, so a user sees why a difference was
// not called a break.
void not_checked_and_discounted(std::string& out, const json& check) {
  const json& failures = check.value("interpreter_failures", json::array());
  for (const auto& f : failures) out += "\nnot checked: " + f.value("cause", std::string()) + "\n";
  std::vector<std::string> notes;
  auto note = [&](const std::string& who, const json& list) {
    if (!list.is_array()) return;
    for (const auto& d : list) {
      const std::string line = who + ": " + d.get<std::string>();
      if (std::find(notes.begin(), notes.end(), line) == notes.end()) notes.push_back(line);
    }
  };
  for (const auto& b : check.value("baselines", json::array()))
    note(b.value("python", std::string()) + " " + b.value("method", std::string()) + " (baseline, " +
             std::to_string(b.value("runs", 0)) + " runs)",
         b.value("discounted", json::array()));
  if (notes.empty()) return;
  out += "\nwhat varies by itself between runs (not a break):\n";
  for (const auto& n : notes) out += "  " + n + "\n";
}

// What is wrong in a cell even where its output matches (children that draw the
// same random numbers), each hazard once with the cells it applies to.
void hazards(std::string& out, const json& check) {
  struct Shown {
    std::string same;  // the sentence without its count: cells with other counts share it
    std::string sentence, remedy;
    std::vector<std::string> cells;
  };
  std::vector<Shown> shown;
  for (const auto& c : check.value("cells", json::array()))
    for (const auto& h : c.value("hazards", json::array())) {
      const std::string sentence = h.value("sentence", std::string());
      const std::string same = h.value("kind", std::string()) + sentence.substr(sentence.find(' ') + 1);
      const std::string cell = c.value("python", std::string()) + " " + c.value("method", std::string());
      auto it = std::find_if(shown.begin(), shown.end(), [&](const Shown& s) { return s.same == same; });
      if (it != shown.end()) it->cells.push_back(cell);
      else shown.push_back({same, sentence, h.value("remedy", std::string()), {cell}});
    }
  if (shown.empty()) return;
  out += "\nhazards (even where the output matches):\n";
  for (const Shown& h : shown) {
    std::string where;
    for (const auto& c : h.cells) where += (where.empty() ? "" : ", ") + c;
    out += "  " + where + ": " + h.sentence + "\n    remedy: " + h.remedy + "\n";
  }
}

}  // namespace

std::string render_check_terminal(const json& check) {
  std::string out = "check " + check.value("program", std::string());
  for (const auto& a : check.value("args", json::array())) out += " " + a.get<std::string>();
  out += "\n";
  table(out, check.value("cells", json::array()));
  not_checked_and_discounted(out, check);
  const json& chooses = check["chooses_own_method"];
  if (chooses.is_object()) {
    out += "\nthe program chooses its method itself at " + place(chooses) + " (" +
           chooses.value("call", std::string()) + " \"" + chooses.value("method", std::string()) + "\")";
    const json& lost = chooses["meaningless_cells"];
    if (!lost.empty()) {
      out += ": cells marked ~ ran " + chooses.value("method", std::string()) + " too, so they say nothing about their own method";
    }
    out += "\n";
  }
  // One failure said once: the start method had nothing to do with it.
  const bool said_once = check.value("fails_before_multiprocessing", json(nullptr)).is_object();
  // A suite's breaks with per-test outcomes (tests_differing) are said test by
  // test below; those without (pytest crashed), or cut short (hung, or at a
  // deadline: where it stopped), are said here.
  std::vector<json> shown;
  if (!said_once)
    for (const auto& b : check["breaks"])
      if (b.value("tests_differing", json(nullptr)).is_null() || b.value("cut_short", false)) shown.push_back(b);
  if (!shown.empty()) out += "\nbreaks:\n";
  for (const auto& b : shown) {
    out += "  " + b.value("python", std::string()) + " " + b.value("method", std::string());
    if (b.value("method", "") == "default") out += " (" + b.value("resolved_method", std::string()) + ")";
    if (!os_label_of(b).empty()) out += ", " + os_label_of(b);
    out += ": " + b.value("outcome", std::string());
    if (!b["default_on"].empty()) out += "  [the default on " + join(b["default_on"], ", ") + "]";
    out += "\n    cause:  " + b.value("cause", std::string()) + "\n";
    // Further causes the evidence shows (the first is the cause above).
    for (const auto& c : b.value("causes", json::array()))
      if (c.value("sentence", std::string()) != b.value("cause", std::string()) &&
          b.value("cause", std::string()).rfind(c.value("sentence", std::string()), 0) != 0)
        out += "    also:   " + c.value("sentence", std::string()) + "\n";
    output_lines(out, b);
    if (!b.value("remedy", std::string()).empty()) out += "    remedy: " + b.value("remedy", std::string()) + "\n";
  }
  emulated_platforms(out, check);
  hazards(out, check);
  differing_tests(out, check);
  out += "\nverdict: " + check.value("verdict", std::string()) + "\n";
  return out;
}

}  // namespace mpc
