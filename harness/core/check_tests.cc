#include "check_tests.h"


#include "junit_report.h"

using nlohmann::json;

namespace mpc {
namespace {

const json& evidence_of(const json& cell, const char* key) {
  static const json kNull = nullptr;
  const json& ev = cell.contains("evidence") && cell["evidence"].is_object() ? cell["evidence"] : kNull;
  return ev.is_object() && ev.contains(key) ? ev[key] : kNull;
}

const json& junit_of(const json& cell) { return evidence_of(cell, "pytest_junit"); }
const json& stream_of(const json& cell) { return evidence_of(cell, "pytest_stream"); }

// The test `id` of a report's `tests` list, named under `key` ("id" in the junit
// file's, "test" in the stream's); null without one.
const json* test_in(const json& report, const char* key, const std::string& id) {
  if (!report.is_object() || !report.contains("tests") || !report["tests"].is_array()) return nullptr;
  for (const auto& t : report["tests"])
    if (t.value(key, "") == id) return &t;
  return nullptr;
}

const json* streamed_test(const json& cell, const std::string& id) { return test_in(stream_of(cell), "test", id); }

bool is_count(const json& j) { return j.is_number_integer() && j.get<long long>() >= 0; }

// The outcomes streamed before the cell ended, pytest having written no junit file.
bool read_stream(const json& cell, SuiteCell& s) {
  const json& st = stream_of(cell);
  if (!st.is_object()) return false;
  const json tests = st.value("tests", json::array());
  const json running = st.value("running", json(nullptr));
  const json collected = st.value("collected", json(nullptr));
  if (tests.empty() && !running.is_string() && !is_count(collected)) return false;
  s.read = s.cut_short = true;
  for (const auto& t : tests) {
    const std::string id = t.value("test", "");
    if (s.outcomes.emplace(id, t.value("outcome", "")).second) s.order.push_back(id);
  }
  if (is_count(collected)) s.collected = collected.get<size_t>();
  if (running.is_string()) {
    s.running = running.get<std::string>();
    const std::string outcome = cell.value("outcome", "");
    if (s.outcomes.emplace(s.running, outcome == "deadlock"  ? kHung
                                      : outcome == "timeout" ? kTimeout
                                                             : kUnfinished).second)
      s.order.push_back(s.running);
  }
  return true;
}

size_t not_passing(const SuiteCell& s) {
  size_t n = 0;
  for (const auto& [id, outcome] : s.outcomes) n += outcome == "failed" || outcome == "error";
  return n;
}

const json* junit_test(const json& cell, const std::string& id) { return test_in(junit_of(cell), "id", id); }

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

bool is_suite(const json& cells) {
  for (const auto& cell : cells)
    if (junit_of(cell).is_object()) return true;
  return false;
}

SuiteCell suite_cell(const json& cell) {
  SuiteCell s;
  const json& j = junit_of(cell);
  if (!j.is_object()) {
    s.why_not = "not a pytest suite's cell";
    return s;
  }
  if (j.contains("error") && j["error"].is_string()) {
    s.why_not = j["error"].get<std::string>();
    if (read_stream(cell, s)) s.no_junit = s.why_not;
    return s;
  }
  s.read = true;
  const json collected = stream_of(cell).is_object() ? stream_of(cell).value("collected", json(nullptr)) : json(nullptr);
  if (is_count(collected)) s.collected = collected.get<size_t>();
  for (const auto& t : j.value("tests", json::array())) {
    const std::string id = t.value("id", "");
    if (s.outcomes.emplace(id, t.value("outcome", "")).second) s.order.push_back(id);
  }
  return s;
}

std::optional<size_t> choose_suite_baseline(const json& cells) {
  std::optional<size_t> best;
  size_t best_failing = 0;
  bool best_is_fork = false;
  for (size_t i = 0; i < cells.size(); ++i) {
    const SuiteCell s = suite_cell(cells[i]);
    // A cell cut short ran fewer tests, so fewer failed: never the baseline.
    if (!s.read || s.cut_short || cells[i].value("outcome", "") == "unsupported") continue;
    const size_t failing = not_passing(s);
    const bool fork = cells[i].value("method", "") == "fork";
    if (!best || failing < best_failing || (failing == best_failing && fork && !best_is_fork)) {
      best = i;
      best_failing = failing;
      best_is_fork = fork;
    }
  }
  return best;
}

std::vector<std::string> tests_differing(const SuiteCell& baseline, const SuiteCell& cell) {
  std::vector<std::string> out;
  for (const auto& id : baseline.order) {
    auto it = cell.outcomes.find(id);
    if (it == cell.outcomes.end() && cell.cut_short) continue;  // never reached
    if (it == cell.outcomes.end() || it->second != baseline.outcomes.at(id)) out.push_back(id);
  }
  for (const auto& id : cell.order)
    if (!baseline.outcomes.count(id)) out.push_back(id);
  return out;
}

json test_counts(const SuiteCell& cell) {
  json counts = {{"passed", 0}, {"failed", 0}, {"error", 0}, {"skipped", 0}};
  for (const auto& [id, outcome] : cell.outcomes)
    if (counts.contains(outcome)) counts[outcome] = counts[outcome].get<int>() + 1;
  return counts;
}

Diagnosis test_diagnosis(const json& cell, const std::string& test, const std::string& cwd,
                         std::string& pytest_message) {
  const json* t = junit_test(cell, test);
  const json* streamed = t ? nullptr : streamed_test(cell, test);
  pytest_message = t ? t->value("message", "") : streamed ? streamed->value("message", "") : "";
  // The events of this test: those whose node id pytest's junit writes as this
  // testcase's (classname, name); matched exactly, not by the id rebuilt from them.
  // A streamed test has its node id itself.
  json events = json::array();
  if (streamed) {
    for (const auto& ev : cell.value("/evidence/check_events"_json_pointer, json::array()))
      if (ev.contains("test") && ev["test"] == test) events.push_back(ev);
  } else if (t) {
    const std::pair<std::string, std::string> address{t->value("classname", ""), t->value("name", "")};
    for (const auto& ev : cell.value("/evidence/check_events"_json_pointer, json::array()))
      if (ev.contains("test") && ev["test"].is_string() && junit_address(ev["test"].get<std::string>()) == address)
        events.push_back(ev);
  }
  const json of_test = {{"outcome", "pickling-error"}, {"evidence", {{"check_events", events}}}};
  if (pickling_culprit(of_test)) return diagnose(of_test, cwd);
  Diagnosis d;
  d.cause = pytest_message.empty() ? "pytest gave no message" : "pytest's message: " + first_line(pytest_message);
  return d;
}

}  // namespace mpc
