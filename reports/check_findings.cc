#include "check_findings.h"

#include <algorithm>
#include <filesystem>
#include <map>

using nlohmann::json;
namespace fs = std::filesystem;

namespace mpc {
namespace {

const std::vector<FindingRule> kRules = {
    {"unpicklable_object", "MPC1001", "object that cannot be pickled",
     "Under spawn and forkserver a Process's target and arguments, and a Pool's functions and tasks, are pickled "
     "to reach the child. Local functions, lambdas, nested classes, generators, open files, sockets and locks "
     "cannot be. Define the function or class at module level, or send what the child needs to make the object "
     "itself."},
    {"main_guard_missing", "MPC1002", "process started at module level, outside `if __name__ == \"__main__\":`",
     "A spawn or forkserver child imports the main module again; code at its top level that starts processes "
     "runs again in the child, which refuses to start more before it has finished bootstrapping. Put that code "
     "under `if __name__ == \"__main__\":`."},
    {"state_set_at_run_time", "MPC1003", "state the parent set at run time is not in the child",
     "A spawn or forkserver child imports the main module again and sees globals and class attributes with their "
     "import-time values, not those the parent assigned later. Pass the value to the child as an argument, or "
     "set it in the Pool's initializer."},
    {"module_level_code_ran_again", "MPC1004", "module-level code ran again in each child",
     "A spawn or forkserver child imports the main module again, so code at its top level (prints, setup) runs "
     "once more in every child. Move it under `if __name__ == \"__main__\":`."},
    {"logging_only_in_parent", "MPC1005", "logging configured only in the parent",
     "Handlers configured in the parent are copied into fork children but not into spawn or forkserver ones, "
     "whose records go nowhere. Configure logging in the child too, or send its records to the parent with a "
     "QueueHandler and a QueueListener."},
    {"random_state_shared", "MPC1006", "children share one random state",
     "fork copies the parent's random generators, so children that do not reseed draw the same numbers. Seed "
     "each worker differently."},
    {"forked_beside_threads", "MPC1007", "forked while other threads ran",
     "A lock another thread held at the instant of a fork stays held for ever in the child (a stream's, "
     "logging's, a queue's, the import lock). Start the processes before the threads, or use the spawn or "
     "forkserver start method."},
    {"deadlock", "MPC1008", "a process deadlocked",
     "A process of the cell waited for ever with no progress possible: often a lock held at a fork by a thread "
     "of the parent, or a child waiting on a queue nothing feeds."},
    {"timeout", "MPC1009", "still running at the deadline",
     "The cell was still making progress when its time ran out (check's --timeout)."},
    {"crash", "MPC1010", "a process crashed", "A process of the cell was killed by a signal."},
    {"output_differs", "MPC1011", "output differs from the baseline's",
     "The program worked but printed or exited otherwise than in the cell where it works, beyond what varies "
     "between its own runs."},
    {"test_outcome_differs", "MPC1012", "a test fails under only some start methods",
     "A test of the suite passes under one start method and fails under another (check.json's differing_tests "
     "has its outcome in every cell)."},
    {"fails_before_multiprocessing", "MPC1013", "fails before it reaches multiprocessing",
     "The program failed the same way in every cell before using multiprocessing: the start method is not the "
     "cause."},
    {"failure", "MPC1014", "fails where the baseline works",
     "The program ended with an exception or an exit status other than in the cell where it works."},
};

std::string text(const json& j, const char* key) {
  const json& v = j.is_object() && j.contains(key) ? j[key] : json(nullptr);
  return v.is_string() ? v.get<std::string>() : std::string();
}

int number(const json& j, const char* key) {
  const json& v = j.is_object() && j.contains(key) ? j[key] : json(nullptr);
  return v.is_number_integer() ? v.get<int>() : 0;
}

const json& field(const json& j, const char* key) {
  static const json kNull = nullptr;
  return j.is_object() && j.contains(key) ? j[key] : kNull;
}

struct Maker {
  std::string cwd, root;

  FindingPlace place(const json& j, const std::string& what) const {
    const std::string file = path_under_root(text(j, "file"), cwd, root);
    if (file.empty()) return {};
    return {file, std::max(0, number(j, "line")), what};
  }
};

std::vector<std::string> strings(const json& list) {
  std::vector<std::string> out;
  if (list.is_array())
    for (const auto& s : list)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

std::string cell_label(const json& c) {
  std::string s = text(c, "python") + " " + text(c, "method");
  const std::string resolved = text(c, "resolved_method");
  if (text(c, "method") == "default" && !resolved.empty()) s += " (" + resolved + ")";
  return s;
}

// The kind of a break with no culprit, guard line or recorded cause: its outcome's.
std::string rule_of_outcome(const std::string& outcome) {
  if (outcome == "deadlock" || outcome == "timeout") return outcome;
  if (outcome.rfind("crash:", 0) == 0) return "crash";
  if (outcome == "ok") return "output_differs";
  return "failure";
}

// A break of a program (or of a suite's cell without per-test outcomes): the most
// specific line check.json has for it.
// `cell`: the break's row in check.json's cells (null if missing).
Finding break_finding(const Maker& m, const json& b, const json* cell) {
  Finding f;
  f.message = text(b, "cause");
  f.remedy = text(b, "remedy");
  f.cells = {cell_label(b)};
  f.default_on = strings(field(b, "default_on"));
  const json& culprit = field(b, "culprit");
  const json& sent_by = field(b, "sent_by");
  const json& guard = field(b, "module_level_line");
  const json& causes = field(b, "causes");
  // The recorded cause the break's sentence names (it starts with it), if any.
  const json* first_cause = nullptr;
  for (size_t i = 0; causes.is_array() && i < causes.size() && !first_cause; ++i)
    if (!text(causes[i], "sentence").empty() && f.message.rfind(text(causes[i], "sentence"), 0) == 0) first_cause = &causes[i];
  if (culprit.is_object()) {
    f.rule = "unpicklable_object";
    const std::string sent = sent_by.is_object() ? "sent by " + text(sent_by, "call") : "";
    const FindingPlace defined = number(culprit, "line") > 0 ? m.place(culprit, "defined here") : FindingPlace{};
    const FindingPlace sender = sent_by.is_object() ? m.place(sent_by, sent) : FindingPlace{};
    // Where it is defined is what to change; an object with no definition (an
    // open file) is pointed at where it was sent.
    f.where = defined.file.empty() ? sender : defined;
    if (!defined.file.empty() && !sender.file.empty()) f.related.push_back(sender);
  } else if (guard.is_object()) {
    f.rule = "main_guard_missing";
    f.where = m.place(guard, "starts a process at module level");
  } else if (first_cause) {
    f.rule = text(*first_cause, "kind");
    const json& lines = field(*first_cause, "lines");
    for (size_t i = 0; lines.is_array() && i < lines.size(); ++i) {
      FindingPlace p = m.place(lines[i], i == 0 ? "here" : "related line");
      if (p.file.empty()) continue;
      if (f.where.file.empty()) f.where = p;
      else f.related.push_back(p);
    }
  } else {
    f.rule = rule_of_outcome(text(b, "outcome"));
  }
  if (f.rule.empty()) f.rule = "failure";
  // A hang with no line of its own is pointed at the cell's fork made beside
  // threads (its hazard's line): where the lock the child waits on was copied.
  if (f.where.file.empty() && cell && (f.rule == "deadlock" || f.rule == "timeout"))
    for (const auto& h : field(*cell, "hazards"))
      if (text(h, "kind") == "forked_beside_threads" && field(h, "lines").is_array() && !field(h, "lines").empty()) {
        f.where = m.place(field(h, "lines")[0], "forked here beside other threads");
        break;
      }
  return f;
}

// A suite's test that differs: one finding per distinct diagnosis of its failures.
void test_findings(const Maker& m, const json& t, std::vector<Finding>& out) {
  const std::string test = text(t, "test");
  for (const auto& fail : field(t, "failures")) {
    Finding f;
    f.message = test + ": " + text(fail, "cause");
    f.remedy = text(fail, "remedy");
    f.cells = strings(field(fail, "cells"));
    for (auto& c : f.cells) std::replace(c.begin(), c.end(), '/', ' ');
    const json& culprit = field(fail, "culprit");
    const json& sent_by = field(fail, "sent_by");
    if (culprit.is_object()) {
      f.rule = "unpicklable_object";
      f.where = m.place(culprit, "defined here");
      if (sent_by.is_object()) f.related.push_back(m.place(sent_by, "sent by " + text(sent_by, "call")));
      if (f.where.file.empty() && !f.related.empty()) f.where = f.related.front();
    } else {
      f.rule = "test_outcome_differs";
      // The test's file, from its node id (file::class::name): no line is known.
      f.where = m.place(json{{"file", test.substr(0, test.find("::"))}, {"line", 0}}, "the test");
    }
    out.push_back(std::move(f));
  }
}

Finding hazard_finding(const Maker& m, const json& cell, const json& h) {
  Finding f;
  f.level = FindingLevel::kHazard;
  f.rule = text(h, "kind");
  f.message = text(h, "sentence");
  f.remedy = text(h, "remedy");
  f.cells = {cell_label(cell)};
  const json& lines = field(h, "lines");
  for (size_t i = 0; lines.is_array() && i < lines.size(); ++i) {
    FindingPlace p = m.place(lines[i], i == 0 ? "here" : "related line");
    if (p.file.empty()) continue;
    if (f.where.file.empty()) f.where = p;
    else f.related.push_back(p);
  }
  if (f.rule.empty()) f.rule = "failure";
  return f;
}

// Findings of one kind at one line are one finding with every cell they were in.
// Without a line, the sentence tells them apart (its first word aside: a count
// that differs between cells, "4 fork children" and "3 fork children").
std::string same_key(const Finding& f) {
  std::string key = std::to_string(static_cast<int>(f.level)) + "\n" + f.rule + "\n" + f.where.file + "\n" +
                    std::to_string(f.where.line);
  if (f.where.file.empty()) key += "\n" + f.message.substr(std::min(f.message.size(), f.message.find(' ') + 1));
  return key;
}

const json* cell_of(const json& check, const json& b) {
  for (const auto& c : field(check, "cells"))
    if (text(c, "python") == text(b, "python") && text(c, "method") == text(b, "method")) return &c;
  return nullptr;
}

// A suite's cell that ended before its suite did: said as a program's break.
bool cut_short(const json& b) {
  const json& c = field(b, "cut_short");
  return c.is_boolean() ? c.get<bool>() : c.is_object();
}

// Findings in the order first met, each kind at each line once.
struct Collected {
  std::vector<Finding> list;
  std::map<std::string, size_t> index;  // same_key -> position in list

  void add(Finding f) {
    const std::string key = same_key(f);
    auto found = index.find(key);
    if (found == index.end()) {
      index.emplace(key, list.size());
      list.push_back(std::move(f));
      return;
    }
    Finding& it = list[found->second];
    for (const auto& c : f.cells)
      if (std::find(it.cells.begin(), it.cells.end(), c) == it.cells.end()) it.cells.push_back(c);
    for (const auto& d : f.default_on)
      if (std::find(it.default_on.begin(), it.default_on.end(), d) == it.default_on.end()) it.default_on.push_back(d);
  }
};

}  // namespace

const std::vector<FindingRule>& finding_rules() { return kRules; }

const FindingRule& finding_rule(const std::string& id) {
  for (const auto& r : kRules)
    if (id == r.id) return r;
  return kRules.back();
}

std::string path_under_root(const std::string& file, const std::string& cwd, const std::string& root) {
  if (file.empty()) return "";
  fs::path p(file);
  if (p.is_relative()) p = fs::path(cwd) / p;
  p = p.lexically_normal();
  const fs::path rel = p.lexically_relative(fs::path(root).lexically_normal());
  if (rel.empty() || *rel.begin() == "..") return "";
  return rel.generic_string();
}

std::vector<Finding> check_findings(const json& check, const std::string& root) {
  const Maker m{text(check, "cwd"), root.empty() ? text(check, "cwd") : root};
  Collected breaks, hazards;
  const json& before = field(check, "fails_before_multiprocessing");
  if (before.is_object()) {
    // One failure, said once: the start method had nothing to do with it.
    Finding f;
    f.rule = "fails_before_multiprocessing";
    f.message = text(before, "cause");
    for (const auto& b : field(check, "breaks")) f.cells.push_back(cell_label(b));
    breaks.add(std::move(f));
  } else {
    for (const auto& b : field(check, "breaks"))
      // A suite's cell with per-test outcomes is said test by test, below.
      if (field(b, "tests_differing").is_null() || cut_short(b)) breaks.add(break_finding(m, b, cell_of(check, b)));
    std::vector<Finding> tests;
    for (const auto& t : field(check, "differing_tests")) test_findings(m, t, tests);
    for (auto& f : tests) breaks.add(std::move(f));
  }
  for (const auto& c : field(check, "cells"))
    for (const auto& h : field(c, "hazards")) hazards.add(hazard_finding(m, c, h));
  std::vector<Finding> out = std::move(breaks.list);
  out.insert(out.end(), std::make_move_iterator(hazards.list.begin()), std::make_move_iterator(hazards.list.end()));
  return out;
}

}  // namespace mpc
