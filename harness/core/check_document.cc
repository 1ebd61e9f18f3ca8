#include "check_document.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "check_baseline.h"
#include "check_diagnosis.h"
#include "check_tests.h"
#include "output_causes.h"

using nlohmann::json;

namespace mpc {
namespace {

json place_json(const SourcePlace& p) { return {{"file", p.file}, {"line", p.line}}; }

std::string cell_name(const json& cell) {
  return cell.value("/python/version"_json_pointer, std::string("?")) + "/" + cell.value("method", "") +
         (cell.contains("os") ? "/" + cell["os"].value("name", "") : "");
}

// A diagnosis's culprit and the call that sent it, as check.json writes them (null without one).
// The first rule of an emulated OS (`--os`) that fired in the cell: a break there
// is that platform's difference, named with its source (mpconform_os_lens.py).
std::optional<json> fired_os_rule(const json& cell) {
  if (!cell.contains("os")) return std::nullopt;
  const json fired = events_of(cell, "os_rule");
  if (fired.empty()) return std::nullopt;
  return fired[0];
}

json os_of(const json& cell) {
  if (!cell.contains("os")) return nullptr;
  return {{"name", cell["os"].value("name", "")}, {"label", cell["os"].value("label", "")}};
}

json culprit_json(const Diagnosis& d) {
  if (!d.culprit) return nullptr;
  return {{"name", d.culprit->name}, {"kind", d.culprit->kind}, {"file", d.culprit->defined.file},
          {"line", d.culprit->defined.line}, {"path", d.culprit->path}};
}

json sent_by_json(const Diagnosis& d) {
  if (!d.sent_by) return nullptr;
  return {{"call", d.sent_by->call}, {"file", d.sent_by->at.file}, {"line", d.sent_by->at.line}};
}

// `diff`: the cell's output against `baseline`'s (computed by the caller, once).
json break_json(const json& cell, const json* baseline, const std::optional<OutputDifference>& diff,
                bool meaningless, const std::string& cwd) {
  const Diagnosis d = diagnose(cell, cwd);
  json module_line = nullptr, output = nullptr;
  const json culprit = culprit_json(d), sent_by = sent_by_json(d);
  if (d.module_level_line) module_line = place_json(*d.module_level_line);
  std::string cause = d.cause, remedy = d.remedy;
  const std::vector<OutputCause> causes = output_causes(cell, baseline, cwd);
  if (baseline && diff) {
    if (!diff->empty()) output = diff->to_json();
    // Worked as the baseline did, yet printed or exited otherwise.
    if (cell.value("outcome", "") == "ok") {
      cause = causes.empty() ? "the output differs from the baseline's: " + diff->summary() : causes[0].sentence;
      remedy = causes.empty() ? "" : causes[0].remedy;
    }
  }
  // A child that saw other values than its parent, then failed: the failure is the consequence.
  if (const OutputCause* first = cause_of_failure(causes, cell.value("outcome", ""));
      first && !d.culprit && !d.module_level_line) {
    cause = first->sentence + "; consequence: " + d.cause;
    remedy = first->remedy;
  }
  if (hid_a_hang(cell)) {
    // The program ended a deadlocked child itself: what it says of that is its own damage.
    const json& hidden = cell["evidence"]["deadlocked_unwaited"];
    std::string said = hidden[0].value("explanation", "");
    if (hidden.size() > 1)
      said += " " + std::to_string(hidden.size() - 1) + " more " + (hidden.size() == 2 ? "child" : "children") +
              " of this cell deadlocked the same way.";
    if (diff && !diff->stderr_extra.empty()) said += " The program's own account, on stderr: `" + diff->stderr_extra[0] + "`.";
    // Where the program worked otherwise, the hidden hang is the cause; where it
    // failed too, its own failure stays first and the hang is said beside it.
    if (cell.value("outcome", "") == "ok") {
      cause = said;
      remedy = "start the processes before the threads, or use the spawn or forkserver start method "
               "(multiprocessing.get_context(\"spawn\"))";
    } else {
      cause += "; beside it, " + said;
    }
  }
  json os_rule = nullptr;
  if (const auto rule = fired_os_rule(cell)) {
    cause = rule->value("sentence", "") + " (" + cell["os"].value("label", "") + "; CPython: " +
            rule->value("source", "") + ")";
    remedy = rule->value("remedy", "");
    os_rule = {{"rule", rule->value("rule", "")}, {"sentence", rule->value("sentence", "")},
               {"source", rule->value("source", "")}, {"where", nullptr}};
    const json where = rule->value("where", json(nullptr));
    if (where.is_object())
      os_rule["where"] = {{"file", relative_to(cwd, where.value("file", ""))}, {"line", where.value("line", 0)}};
  }
  const std::string resolved = cell.value("resolved_method", cell.value("method", ""));
  return {{"python", cell.value("/python/version"_json_pointer, std::string())},
          {"method", cell.value("method", "")},
          {"os", os_of(cell)},
          {"os_rule", os_rule},
          {"resolved_method", resolved},
          {"outcome", cell.value("outcome", "")},
          {"cause", cause},
          {"culprit", culprit},
          {"sent_by", sent_by},
          {"module_level_line", module_line},
          // A helper that died first (the fork server): its error is the outcome.
          {"root_cause", cell.value("/evidence/root_cause"_json_pointer, json(nullptr))},
          {"remedy", remedy},
          // A platform's rule, not the start method, broke it there.
          {"default_on", os_rule.is_null() ? json(default_on(resolved)) : json::array()},
          {"output_difference", output},
          {"causes", causes_json(causes)},
          {"meaningless", meaningless}};
}

// Where the program first chose its method, from any cell that saw it.
std::optional<MethodChoice> first_choice(const json& cells) {
  for (const auto& cell : cells) {
    const auto choices = method_choices(cell);
    if (!choices.empty()) return choices.front();
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string cells_word(size_t n) { return std::to_string(n) + (n == 1 ? " cell" : " cells"); }

const json& baseline_counts(const json& doc) {
  static const json kNone = nullptr;
  for (const auto& c : doc["cells"])
    if (c.value("status", "") == "baseline") return c["test_counts"];
  return kNone;
}

// "2 passed, 1 failed": the outcomes a suite's tests had, in pytest's words.
std::string counts_text(const json& counts) {
  std::string out;
  if (!counts.is_object()) return "no tests";
  for (const char* outcome : {"passed", "failed", "error", "skipped"})
    if (counts.value(outcome, 0) > 0) out += (out.empty() ? "" : ", ") + std::to_string(counts.value(outcome, 0)) + " " + outcome;
  return out.empty() ? "no tests ran" : out;
}

std::string verdict_line(const json& doc, size_t checked) {
  const json& breaks = doc["breaks"];
  const json& same = doc["fails_before_multiprocessing"];
  if (same.is_object())
    return (checked == 1 ? "fails in the 1 cell checked" : "fails the same way in all " + cells_word(checked)) +
           " before it reaches multiprocessing: " +
           same["cause"].get<std::string>();
  const json& differing = doc.value("differing_tests", json(nullptr));
  const std::string tests_note =
      !differing.is_array() || differing.empty()
          ? ""
          : "; " + std::to_string(differing.size()) + (differing.size() == 1 ? " test differs" : " tests differ") +
                " from the baseline";
  // A suite with no break may still fail tests: say how many, not "works".
  if (breaks.empty() && differing.is_array() && !doc["baseline"].is_null())
    return (checked == 1 ? "1 cell checked: " : "every test has the same outcome in all " + cells_word(checked) + ": ") +
           counts_text(baseline_counts(doc));
  if (breaks.empty())
    return checked == 1 ? "works in the 1 cell checked" : "works the same in all " + cells_word(checked);
  std::vector<std::string> where, defaults;
  for (const auto& b : breaks) {
    const bool emulated = b.contains("os") && b["os"].is_object();
    where.push_back(b["python"].get<std::string>() + " " + b["method"].get<std::string>() +
                    (emulated ? " " + b["os"].value("label", std::string()) : ""));
    // A break an emulated platform's rule explains is that platform's, not the method's.
    if (b.contains("os_rule") && b["os_rule"].is_object()) continue;
    for (const auto& d : b["default_on"])
      if (std::find(defaults.begin(), defaults.end(), d.get<std::string>()) == defaults.end())
        defaults.push_back(d);
  }
  std::string line = doc["baseline"].is_null()
                         ? (checked == 1 ? "does not work in the 1 cell checked"
                                         : "works in none of the " + cells_word(checked))
                         : "breaks in " + std::to_string(breaks.size()) + " of " + cells_word(checked) + " (" +
                               join(where, ", ") + ")";
  if (!doc["baseline"].is_null() && !defaults.empty()) line += ": the default on " + join(defaults, ", ");
  return line + (doc["baseline"].is_null() ? "" : tests_note);
}

json outcome_pair(const std::string& id, const SuiteCell& baseline, const SuiteCell& cell) {
  auto here = cell.outcomes.find(id), there = baseline.outcomes.find(id);
  return {{"test", id}, {"outcome", here == cell.outcomes.end() ? json(nullptr) : json(here->second)},
          {"baseline", there == baseline.outcomes.end() ? json(nullptr) : json(there->second)}};
}

std::string word_or_not_run(const json& outcome) { return outcome.is_string() ? outcome.get<std::string>() : "not run"; }

// "hung in t.py::test_b after 2 of 5 tests (1 passed, 1 failed)": where a cell
// whose pytest wrote no junit file stopped, from the streamed outcomes.
std::string cut_short_text(const json& cell, const SuiteCell& s) {
  const std::string outcome = cell.value("outcome", "");
  const json& stream = cell.value("/evidence/pytest_stream"_json_pointer, json::object());
  const std::string ended_by = stream.value("ended_by", json(nullptr)).is_string() ? stream["ended_by"].get<std::string>() : "";
  std::string where;
  if (outcome == "deadlock") where = s.running.empty() ? "hung between tests" : "hung in " + s.running;
  else if (outcome == "timeout" && ended_by == "cap")
    where = "cut at its cap of " + std::to_string(std::lround(stream.value("cap_s", 0.0))) + " s" +
            (s.running.empty() ? "" : " while running " + s.running);
  else if (outcome == "timeout")
    where = "no test finished for " + std::to_string(std::lround(stream.value("idle_s", 0.0))) + " s" +
            (s.running.empty() ? "" : ": still running " + s.running);
  else where = "ended (" + outcome + ")" + (s.running.empty() ? " between tests" : " while running " + s.running);
  size_t done = 0;
  json counts = json::object();
  for (const auto& [id, o] : s.outcomes)
    if (id != s.running || o == "passed" || o == "failed" || o == "error" || o == "skipped") {
      ++done;
      counts[o] = counts.value(o, 0) + 1;
    }
  return where + " after " + std::to_string(done) + (s.collected ? " of " + std::to_string(*s.collected) : "") +
         (done == 1 && !s.collected ? " test" : " tests") + (done ? " (" + counts_text(counts) + ")" : "");
}

// A suite's cell that does not behave as the baseline: the tests whose outcome
// differs, or, without per-test outcomes, the cell's own diagnosis and why.
json suite_break_json(const json& cell, const SuiteCell* baseline, bool meaningless, const std::string& cwd) {
  json b = break_json(cell, nullptr, std::nullopt, meaningless, cwd);
  const SuiteCell here = suite_cell(cell);
  b["tests_differing"] = nullptr;
  if (!here.read) {
    b["cause"] = b["cause"].get<std::string>() + "; no per-test outcomes: " + here.why_not;
    return b;
  }
  const std::vector<std::string> ids = baseline ? tests_differing(*baseline, here) : std::vector<std::string>{};
  b["tests_differing"] = json::array();
  for (const auto& id : ids) b["tests_differing"].push_back(outcome_pair(id, *baseline, here));
  const std::string cut = here.cut_short ? cut_short_text(cell, here) : "";
  b["cut_short"] = here.cut_short;
  std::string which;
  for (const json& d : b["tests_differing"]) {
    if (which.size() > 200) {
      which += ", ...";
      break;
    }
    const std::string id = d["test"];
    const size_t sep = id.rfind("::");
    which += (which.empty() ? "" : ", ") + (sep == std::string::npos ? id : id.substr(sep + 2)) + " " +
             word_or_not_run(d["outcome"]) + " (baseline: " + word_or_not_run(d["baseline"]) + ")";
  }
  const std::string differ = std::to_string(ids.size()) + (ids.size() == 1 ? " test differs" : " tests differ") +
                             " from the baseline" + (which.empty() ? "" : ": " + which);
  b["cause"] = cut.empty() ? differ : !ids.empty() ? cut + "; " + differ : cut;
  for (const char* key : {"culprit", "sent_by", "module_level_line"}) b[key] = nullptr;
  b["remedy"] = "";
  return b;
}

// Each test whose outcome is not the same in every cell that has per-test
// outcomes as in the baseline, with the diagnosis of each of its failures (the
// baseline's too: a test that fails only under fork fails in a fork baseline),
// cells with the same diagnosis said once.
json differing_tests_json(const json& cells, const SuiteCell& baseline, const std::string& cwd) {
  std::vector<SuiteCell> suites;  // each cell's tests, read once
  for (const auto& cell : cells) suites.push_back(suite_cell(cell));
  std::vector<std::string> ids;
  for (const SuiteCell& s : suites)
    for (const auto& id : tests_differing(baseline, s))
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  json out = json::array();
  for (const auto& id : ids) {
    json outcomes = json::object(), failures = json::array();
    for (size_t i = 0; i < cells.size(); ++i) {
      const json& cell = cells[i];
      const SuiteCell& s = suites[i];
      auto it = s.outcomes.find(id);
      if (it == s.outcomes.end()) continue;
      outcomes[cell_name(cell)] = it->second;
      if (it->second != "failed" && it->second != "error") continue;
      std::string message;
      const Diagnosis d = test_diagnosis(cell, id, cwd, message);
      json f = {{"outcome", it->second}, {"cause", d.cause}, {"culprit", culprit_json(d)}, {"sent_by", sent_by_json(d)},
                {"remedy", d.remedy}, {"pytest_message", message}};
      auto same = std::find_if(failures.begin(), failures.end(), [&](const json& g) {
        json without = g;
        without.erase("cells");
        return without == f;
      });
      if (same != failures.end()) (*same)["cells"].push_back(cell_name(cell));
      else {
        f["cells"] = json::array({cell_name(cell)});
        failures.push_back(f);
      }
    }
    auto base = baseline.outcomes.find(id);
    out.push_back({{"test", id}, {"baseline", base == baseline.outcomes.end() ? json(nullptr) : json(base->second)},
                   {"outcomes", outcomes}, {"failures", failures}});
  }
  return out;
}

// Interpreters where the program fails the same way in every cell before it
// reaches multiprocessing (a module that interpreter lacks, a syntax it does not
// know) while it works on another: their cells say nothing about start methods,
// so they are said once, not a break per method. Keyed by interpreter_of().
std::map<std::string, json> interpreter_failures(const json& cells, const std::map<std::string, size_t>& baselines,
                                                 const std::string& cwd) {
  std::map<std::string, json> out;
  if (baselines.empty()) return out;  // failing everywhere is the verdict itself
  std::map<std::string, json> by_python;
  for (const auto& cell : cells) {
    json& group = by_python[interpreter_of(cell)];
    if (group.is_null()) group = json::array();
    group.push_back(cell);
  }
  for (const auto& [python, group] : by_python) {
    if (baselines.count(python)) continue;
    const auto outcome = same_failure_before_multiprocessing(group);
    if (!outcome) continue;
    const json* first = nullptr;
    for (const auto& c : group)
      if (c.value("outcome", "") != "unsupported") first = &c;
    const std::string version = first->value("/python/version"_json_pointer, std::string());
    const json module = first->value("/evidence/exception/import_name"_json_pointer, json(nullptr));
    std::string sentence = module.is_string()
                               ? module.get<std::string>() + " is not importable by " + version
                               : version + " fails in every cell before multiprocessing: " + diagnose(*first, cwd).cause;
    out[python] = {{"python", version}, {"executable", python}, {"outcome", *outcome},
                   {"module", module}, {"cause", sentence + ": its cells say nothing about start methods"}};
  }
  return out;
}

json failures_json(const std::map<std::string, json>& lacking) {
  json out = json::array();
  for (const auto& [python, f] : lacking) out.push_back(f);
  return out;
}

json baselines_json(const json& cells, const std::map<std::string, size_t>& baselines) {
  json out = json::array();
  for (const auto& [python, i] : baselines) {
    const json& b = cells[i];
    const size_t runs = runs_of(b).size();
    // What the baseline's own runs showed varies: said once per interpreter.
    const json discounted = runs > 1 ? json(output_difference(b, b).discounted) : json::array();
    out.push_back({{"python", b.value("/python/version"_json_pointer, std::string())}, {"executable", python},
                   {"method", b.value("method", "")}, {"runs", runs}, {"discounted", discounted}});
  }
  return out;
}

json tests_map(const json& cells) {
  json tests = json::object();
  for (const auto& cell : cells) {
    const SuiteCell s = suite_cell(cell);
    for (const auto& id : s.order) tests[id][cell_name(cell)] = s.outcomes.at(id);
  }
  return tests;
}

}  // namespace

// The breaks an emulated OS's rules explain, one entry per rule with the cells it broke.
json os_rules_json(const json& breaks) {
  json out = json::array();
  for (const auto& b : breaks) {
    if (!b.contains("os_rule") || !b["os_rule"].is_object()) continue;  // a suite's breaks have none
    const std::string rule = b["os_rule"].value("rule", "");
    auto it = std::find_if(out.begin(), out.end(), [&](const json& r) { return r.value("rule", "") == rule; });
    if (it == out.end()) {
      out.push_back({{"rule", rule}, {"os", b["os"]}, {"sentence", b["os_rule"]["sentence"]},
                     {"source", b["os_rule"]["source"]}, {"where", b["os_rule"]["where"]},
                     {"remedy", b["remedy"]}, {"cells", json::array()}});
      it = out.end() - 1;
    }
    (*it)["cells"].push_back(b.value("python", "") + " " + b.value("method", ""));
  }
  return out;
}

// What the lens cannot see in the program (it tests sys.platform, it asks for
// fork), each said once, from the first lens cell that read the source.
json os_warnings_json(const json& cells) {
  json out = json::array();
  for (const auto& cell : cells)
    for (const auto& ev : events_of(cell, "os_lens_warnings"))
      for (const auto& w : ev.value("warnings", json::array())) {
        const std::string kind = w.value("kind", "");
        if (std::none_of(out.begin(), out.end(), [&](const json& o) { return o.value("kind", "") == kind; })) out.push_back(w);
      }
  return out;
}

json build_check_document(const json& results, const CheckedProgram& program) {
  const json cells = results.value("cells", json::array());
  const bool suite = is_suite(cells);
  const std::optional<size_t> base = suite ? choose_suite_baseline(cells) : choose_baseline(cells);
  const json* baseline = base ? &cells[*base] : nullptr;
  // Each interpreter's own baseline (a suite has one for all: its tests are compared).
  std::map<std::string, size_t> baselines = suite ? std::map<std::string, size_t>{} : choose_baselines(cells);
  if (suite && base) baselines[interpreter_of(*baseline)] = *base;
  const std::map<std::string, json> lacking = suite ? std::map<std::string, json>{} : interpreter_failures(cells, baselines, program.cwd);
  const SuiteCell baseline_tests = baseline ? suite_cell(*baseline) : SuiteCell{};
  const std::optional<MethodChoice> choice = first_choice(cells);

  json cell_rows = json::array(), breaks = json::array(), meaningless_cells = json::array();
  size_t checked = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    const json& cell = cells[i];
    const std::string outcome = cell.value("outcome", "");
    const std::string resolved = cell.value("resolved_method", cell.value("method", ""));
    // The program ran its own method here, whatever the cell's was.
    const bool meaningless = choice && resolved != choice->method && outcome != "unsupported";
    if (meaningless) meaningless_cells.push_back({{"python", cell.value("/python/version"_json_pointer, std::string())},
                                                  {"method", cell.value("method", "")}});
    const SuiteCell tests = suite ? suite_cell(cell) : SuiteCell{};
    auto own = baselines.find(interpreter_of(cell));
    const json* its_baseline = suite || own == baselines.end() ? baseline : &cells[own->second];
    // Compared once: the status, the row's `discounted` and the break's output read it.
    std::optional<OutputDifference> diff;
    if (its_baseline && !suite) diff = output_difference(*its_baseline, cell);
    std::string status;
    bool loosely = false;  // the same once what varies by itself is discounted
    if (outcome == "unsupported") status = "unsupported";
    else if (own != baselines.end() && own->second == i) status = "baseline";
    else if (lacking.count(interpreter_of(cell))) status = "fails-before";
    else if (hid_a_hang(cell)) status = "break";
    else if (baseline && suite && tests.read && !tests.cut_short && tests_differing(baseline_tests, tests).empty())
      status = "same";
    else if (diff && same_as_baseline(*its_baseline, cell, *diff)) {
      status = "same";
      loosely = true;
    }
    else if (diff && differs_only_in_random_draws(*its_baseline, cell)) status = "same";
    else status = "break";
    if (status != "unsupported" && status != "fails-before") ++checked;
    if (status == "break")
      breaks.push_back(suite ? suite_break_json(cell, baseline ? &baseline_tests : nullptr, meaningless, program.cwd)
                             : break_json(cell, its_baseline, diff, meaningless, program.cwd));
    json row = {{"python", cell.value("/python/version"_json_pointer, std::string())},
                {"method", cell.value("method", "")}, {"resolved_method", resolved}, {"os", os_of(cell)},
                {"outcome", outcome}, {"status", status}, {"meaningless", meaningless},
                {"name", cell_name(cell)}, {"hazards", causes_json(cell_hazards(cell, program.cwd))},
                {"runs", runs_of(cell).size()}};
    const bool differs = status == "break" && diff && !diff->empty();
    row["discounted"] = loosely || differs ? json(diff->discounted) : json::array();
    if (suite) {
      row["test_counts"] = tests.read ? test_counts(tests) : json(nullptr);
      row["no_test_outcomes"] = tests.read || outcome == "unsupported" ? json(nullptr) : json(tests.why_not);
      // Ended before the suite did: outcomes streamed so far, and the test running then.
      row["cut_short"] = !tests.cut_short ? json(nullptr)
                                          : json{{"running", tests.running.empty() ? json(nullptr) : json(tests.running)},
                                                 {"collected", tests.collected ? json(*tests.collected) : json(nullptr)},
                                                 {"no_junit", tests.no_junit}};
    }
    cell_rows.push_back(row);
  }
  json chooses = nullptr;
  if (choice)
    chooses = {{"file", relative_to(program.cwd, choice->at.file)}, {"line", choice->at.line}, {"call", choice->call},
               {"method", choice->method}, {"meaningless_cells", meaningless_cells}};
  json doc = {
      {"schema", 1},
      {"program", program.program},
      {"args", program.args},
      {"cwd", program.cwd},
      {"baseline", baseline ? json{{"python", baseline->value("/python/version"_json_pointer, std::string())},
                                   {"method", baseline->value("method", "")}}
                            : json(nullptr)},
      {"baselines", baselines_json(cells, baselines)},
      {"interpreter_failures", failures_json(lacking)},
      {"chooses_own_method", chooses},
      {"cells", cell_rows},
      {"breaks", breaks},
      {"fails_before_multiprocessing", nullptr},
      {"tests", suite ? tests_map(cells) : json(nullptr)},
      {"differing_tests", suite && baseline ? differing_tests_json(cells, baseline_tests, program.cwd)
                                            : suite ? json::array() : json(nullptr)},
  };
  // A suite that ran its tests somewhere reached further than a failure before
  // multiprocessing.
  if (auto outcome = same_failure_before_multiprocessing(cells); outcome && !breaks.empty() && !baseline)
    doc["fails_before_multiprocessing"] = {{"outcome", *outcome}, {"cause", breaks[0]["cause"]}};
  doc["os_warnings"] = os_warnings_json(cells);
  // sys.platform stays "linux" under a lens: a program that tests it took its
  // Linux branch in the emulated cells, which the real platform would not.
  for (const auto& w : doc["os_warnings"])
    if (w.value("kind", "") == "tests-platform")
      for (auto& b : doc["breaks"])
        if (b.contains("os") && b["os"].is_object())
          b["cause"] = b["cause"].get<std::string>() + "; unsure: the program tests sys.platform itself (line " +
                       std::to_string(w.value("line", 0)) + "), which is \"linux\" here, so its own " +
                       b["os"].value("label", std::string()) + " branch did not run";
  doc["os_rules"] = os_rules_json(doc["breaks"]);
  doc["verdict"] = verdict_line(doc, checked);
  for (const auto& f : doc["interpreter_failures"])  // left out of the verdict, said beside it
    doc["verdict"] = doc["verdict"].get<std::string>() + "; " + f["cause"].get<std::string>();
  return doc;
}

int check_exit_status(const json& check) { return check.value("breaks", json::array()).empty() ? 0 : 1; }

}  // namespace mpc
