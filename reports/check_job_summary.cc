#include "check_job_summary.h"

#include <algorithm>
#include <map>
#include <vector>

#include "check_findings.h"
#include "internal/markdown_escape.h"
#include "internal/printable.h"
#include "internal/utf8.h"

using nlohmann::json;
using mpconform::reports::fit_width;
using mpconform::reports::md_inline;
using mpconform::reports::printable_text;

namespace mpc {
namespace {

// One sentence of the program's may quote a whole line of its output: a long one
// is cut, so no single item can take the summary's room.
constexpr size_t kTextColumns = 2000;
constexpr size_t kTestsShown = 50;  // differing tests listed (check.json has all)

std::string md(const std::string& s) { return md_inline(fit_width(printable_text(s), kTextColumns)); }

std::string text(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

const json& field(const json& j, const char* key) {
  static const json kNull = nullptr;
  return j.is_object() && j.contains(key) ? j[key] : kNull;
}

std::string joined(const std::vector<std::string>& parts, const char* sep = ", ") {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string place(const FindingPlace& p) {
  return p.line > 0 ? p.file + ":" + std::to_string(p.line) : p.file;
}

// A cell of the grid: its outcome (or a suite's failing tests), its status.
std::string grid_cell(const json& c) {
  std::string s = md(text(c, "outcome"));
  const json& counts = field(c, "test_counts");
  if (counts.is_object()) {
    std::string tests;
    for (const char* outcome : {"passed", "failed", "error", "skipped"})
      if (counts.value(outcome, 0) > 0) tests += (tests.empty() ? "" : ", ") + std::to_string(counts.value(outcome, 0)) + " " + outcome;
    s = tests.empty() ? "no tests" : tests;
  }
  const std::string status = text(c, "status");
  if (status == "break") s = "❌ **" + s + "**";
  else if (status == "baseline") s = "✅ " + s + " (baseline)";
  else if (status == "same") s = "✅ " + s;
  else s = "➖ " + s + " (" + md(status) + ")";
  if (c.value("meaningless", false)) s += " ~";
  if (!field(c, "hazards").empty() && field(c, "hazards").is_array()) s += " ⚠️";
  return s;
}

std::string grid(const json& cells) {
  std::vector<std::string> pythons, methods;
  std::map<std::pair<std::string, std::string>, std::string> shown;
  for (const auto& c : cells) {
    const std::string py = text(c, "python"), m = text(c, "method");
    if (std::find(pythons.begin(), pythons.end(), py) == pythons.end()) pythons.push_back(py);
    if (std::find(methods.begin(), methods.end(), m) == methods.end()) methods.push_back(m);
    shown[{py, m}] = grid_cell(c);
  }
  std::string out = "| python |";
  for (const auto& m : methods) out += " " + md(m) + " |";
  out += "\n|---|";
  for (size_t i = 0; i < methods.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& py : pythons) {
    out += "| " + md(py) + " |";
    for (const auto& m : methods) {
      auto it = shown.find({py, m});
      out += " " + (it == shown.end() ? std::string("-") : it->second) + " |";
    }
    out += "\n";
  }
  return out;
}

std::string finding_item(const Finding& f) {
  std::string out = "- **" + md(finding_rule(f.rule).title) + "**";
  if (!f.where.file.empty()) out += " at " + md(place(f.where));
  out += " (" + md(joined(f.cells)) + ")";
  if (!f.default_on.empty()) out += ", the default on " + md(joined(f.default_on));
  out += "  \n  " + md(f.message) + "\n";
  for (const auto& r : f.related) out += "  - " + md(r.what) + " at " + md(place(r)) + "\n";
  if (!f.remedy.empty()) out += "  - remedy: " + md(f.remedy) + "\n";
  return out;
}

std::string test_item(const json& t, const json& cells) {
  std::string out = "- " + md(text(t, "test")) + ": ";
  std::vector<std::string> words;
  const json& outcomes = field(t, "outcomes");
  for (const auto& c : cells) {  // in plan order
    const std::string name = text(c, "name");
    if (outcomes.is_object() && outcomes.contains(name) && outcomes[name].is_string())
      words.push_back(name + " " + outcomes[name].get<std::string>());
  }
  return out + md(joined(words)) + "\n";
}

// What varies by itself between runs, each note once.
std::vector<std::string> discounted(const json& check) {
  std::vector<std::string> notes;
  auto note = [&notes](const std::string& who, const json& list) {
    if (!list.is_array()) return;
    for (const auto& d : list) {
      if (!d.is_string()) continue;
      const std::string line = "- " + md(who) + ": " + md(d.get<std::string>()) + "\n";
      if (std::find(notes.begin(), notes.end(), line) == notes.end()) notes.push_back(line);
    }
  };
  for (const auto& b : field(check, "baselines"))
    note(text(b, "python") + " " + text(b, "method") + " (baseline)", field(b, "discounted"));
  for (const auto& c : field(check, "cells")) note(text(c, "python") + " " + text(c, "method"), field(c, "discounted"));
  return notes;
}

// Items added whole while they fit, so the page stays valid Markdown however it is cut.
struct Page {
  std::string out;
  size_t budget;
  size_t left_out = 0;

  void add(const std::string& item) {
    if (left_out == 0 && out.size() + item.size() <= budget) out += item;
    else ++left_out;
  }
};

}  // namespace

std::string render_check_job_summary(const json& check, const std::string& root, size_t max_bytes) {
  std::string program = text(check, "program");
  for (const auto& a : field(check, "args"))
    if (a.is_string()) program += " " + a.get<std::string>();
  const std::string note_room(400, ' ');  // kept for the truncation note
  Page page{"", max_bytes > note_room.size() ? max_bytes - note_room.size() : 0};
  page.out = "## mpconform check: " + md(program) + "\n\n**Verdict:** " + md(text(check, "verdict")) + "\n\n" +
             grid(field(check, "cells")) +
             "\n✅ behaves as the baseline · ❌ break · ⚠️ hazard · ~ the program chose its own method there\n";

  const json& chooses = field(check, "chooses_own_method");
  if (chooses.is_object())
    page.add("\nThe program chooses its start method itself at " +
             md(text(chooses, "file") + ":" + std::to_string(chooses.value("line", 0))) + " (" + md(text(chooses, "call")) +
             " " + md(text(chooses, "method")) + "): cells marked ~ ran that method too.\n");
  for (const auto& f : field(check, "interpreter_failures")) page.add("\nNot checked: " + md(text(f, "cause")) + "\n");

  const std::vector<Finding> findings = check_findings(check, root);
  bool heading = false;
  for (const Finding& f : findings)
    if (f.level == FindingLevel::kBreak) {
      if (!heading) page.add("\n### Breaks\n\n");
      heading = true;
      page.add(finding_item(f));
    }
  heading = false;
  for (const Finding& f : findings)
    if (f.level == FindingLevel::kHazard) {
      if (!heading) page.add("\n### Hazards (even where the output matches)\n\n");
      heading = true;
      page.add(finding_item(f));
    }
  const json& tests = field(check, "differing_tests");
  if (tests.is_array() && !tests.empty()) {
    page.add("\n### Tests that differ from the baseline\n\n");
    for (size_t i = 0; i < tests.size(); ++i) {
      if (i == kTestsShown) {
        page.add("- ... and " + std::to_string(tests.size() - i) + " more (check.json has them all)\n");
        break;
      }
      page.add(test_item(tests[i], field(check, "cells")));
    }
  }
  const std::vector<std::string> notes = discounted(check);
  if (!notes.empty()) {
    page.add("\n### What varies by itself between runs (compared loosely, not a break)\n\n");
    for (const auto& n : notes) page.add(n);
  }
  const json& reruns = field(check, "reruns");
  if (reruns.is_object() && (reruns.value("baselines", 0) > 0 || reruns.value("cells", 0) > 0))
    page.add("\nReruns to tell noise from breaks: " + std::to_string(reruns.value("baselines", 0)) + " of baselines, " +
             std::to_string(reruns.value("cells", 0)) + " of cells.\n");
  std::string out = page.out;
  if (page.left_out > 0)
    out += "\n**Summary cut short:** " + std::to_string(page.left_out) +
           " more items are not shown here (a step's summary must stay under 1 MiB); check.json has them all.\n";
  return out;
}

}  // namespace mpc
