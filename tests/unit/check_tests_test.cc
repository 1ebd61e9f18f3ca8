// A pytest suite's cells compared test by test, on results.json cells made by
// hand: the suite's baseline, the tests that differ from it, a test's diagnosis
// from the hook events tagged with it or from pytest's message, and check.json's
// tests map, differing tests and breaks.
#include <gtest/gtest.h>

#include "check_document.h"
#include "check_tests.h"

using nlohmann::json;

namespace mpc {
namespace {

const char* kFile = "tests/check/suite/test_start_methods.py";
const char* kModule = "tests.check.suite.test_start_methods";

json junit_test(const std::string& name, const std::string& outcome, const std::string& message = "") {
  return {{"id", std::string(kFile) + "::" + name}, {"outcome", outcome}, {"classname", kModule},
          {"name", name}, {"file", kFile}, {"message", message}, {"text", ""}};
}

// A suite's cell: `outcomes` by test name; exit 1 when any failed, as pytest exits.
json suite_cell_json(const std::string& method, const std::map<std::string, std::string>& outcomes,
                     json events = json::array()) {
  json tests = json::array();
  bool failed = false;
  for (const auto& [name, outcome] : outcomes) {
    tests.push_back(junit_test(name, outcome, outcome == "failed" ? "AssertionError: assert 'a' == 'b'\n- b\n+ a" : ""));
    failed = failed || outcome == "failed" || outcome == "error";
  }
  return {{"method", method},
          {"resolved_method", method},
          {"python", {{"version", "3.11.2"}}},
          {"outcome", failed ? "exit:1" : "ok"},
          {"evidence",
           {{"stdout", {{"text", method + " timings differ"}}},
            {"stderr", {{"text", ""}}},
            {"exit_code", failed ? 1 : 0},
            {"exception", nullptr},
            {"child_tracebacks", json::array()},
            {"check_events", events},
            {"pytest_junit", {{"error", nullptr}, {"tests", tests}}}}}};
}

json unread_cell(const std::string& method, const std::string& outcome, const std::string& why) {
  json c = suite_cell_json(method, {});
  c["outcome"] = outcome;
  c["evidence"]["pytest_junit"] = {{"error", why}, {"tests", json::array()}};
  return c;
}

json pickling_event(const std::string& test) {
  return {{"event", "pickling_failure"},
          {"test", std::string(kFile) + "::" + test},
          {"test_phase", "call"},
          {"culprit",
           {{"name", "test_nested.<locals>.worker"}, {"kind", "local function"},
            {"file", std::string("/proj/") + kFile}, {"line", 35}, {"path", "Process._target"}}},
          {"sent_by", {{"call", "Process.start"}, {"file", std::string("/proj/") + kFile}, {"line", 38}}}};
}

// The fixture suite's shape: test_fork fails only under fork, test_nested only
// under spawn and forkserver.
json suite_cells() {
  return {suite_cell_json("fork", {{"test_fork", "failed"}, {"test_nested", "passed"}, {"test_ok", "passed"}}),
          suite_cell_json("spawn", {{"test_fork", "passed"}, {"test_nested", "failed"}, {"test_ok", "passed"}},
                          {pickling_event("test_nested")}),
          suite_cell_json("forkserver", {{"test_fork", "passed"}, {"test_nested", "failed"}, {"test_ok", "passed"}},
                          {pickling_event("test_nested")}),
          suite_cell_json("default", {{"test_fork", "failed"}, {"test_nested", "passed"}, {"test_ok", "passed"}})};
}

std::string id(const std::string& name) { return std::string(kFile) + "::" + name; }

TEST(CheckTestsTest, SuiteBaselineHasFewestFailuresForkFirst) {
  json cells = suite_cells();
  EXPECT_TRUE(is_suite(cells));
  EXPECT_EQ(choose_suite_baseline(cells), 0u);  // one failure each: fork first
  cells[1] = suite_cell_json("spawn", {{"test_fork", "passed"}, {"test_nested", "passed"}});
  EXPECT_EQ(choose_suite_baseline(cells), 1u);  // the cell whose tests pass
  json none = {unread_cell("fork", "timeout", "pytest wrote no junit file")};
  EXPECT_FALSE(choose_suite_baseline(none).has_value());
  EXPECT_FALSE(is_suite(json::array({{{"method", "fork"}, {"evidence", {{"pytest_junit", nullptr}}}}})));
}

TEST(CheckTestsTest, DifferingTestsInBaselineOrderThenExtras) {
  const SuiteCell base = suite_cell(suite_cell_json("fork", {{"test_a", "passed"}, {"test_b", "failed"}}));
  const SuiteCell same = suite_cell(suite_cell_json("spawn", {{"test_a", "passed"}, {"test_b", "failed"}}));
  EXPECT_TRUE(tests_differing(base, same).empty());
  const SuiteCell other = suite_cell(suite_cell_json("spawn", {{"test_b", "skipped"}, {"test_c", "passed"}}));
  EXPECT_EQ(tests_differing(base, other), (std::vector<std::string>{id("test_a"), id("test_b"), id("test_c")}));
  EXPECT_EQ(test_counts(base), (json{{"passed", 1}, {"failed", 1}, {"error", 0}, {"skipped", 0}}));
}

TEST(CheckTestsTest, TestDiagnosisFromItsOwnPicklingEvent) {
  const json cells = suite_cells();
  std::string message;
  const Diagnosis d = test_diagnosis(cells[1], id("test_nested"), "/proj", message);
  ASSERT_TRUE(d.culprit.has_value());
  EXPECT_EQ(d.culprit->name, "test_nested.<locals>.worker");
  EXPECT_EQ(d.culprit->defined.file, kFile);  // relative to where the suite ran
  EXPECT_EQ(d.culprit->defined.line, 35);
  ASSERT_TRUE(d.sent_by.has_value());
  EXPECT_EQ(d.sent_by->at.line, 38);
  EXPECT_NE(d.remedy.find("move `worker` to module level"), std::string::npos);
}

TEST(CheckTestsTest, AnotherTestsEventIsNotThisTestsDiagnosis) {
  json cell = suite_cell_json("spawn", {{"test_fork", "failed"}, {"test_nested", "failed"}},
                              {pickling_event("test_nested")});
  std::string message;
  const Diagnosis d = test_diagnosis(cell, id("test_fork"), "/proj", message);
  EXPECT_FALSE(d.culprit.has_value());
  EXPECT_EQ(d.cause, "pytest's message: AssertionError: assert 'a' == 'b'");
  EXPECT_EQ(message, "AssertionError: assert 'a' == 'b'\n- b\n+ a");
}

TEST(CheckTestsTest, CheckDocumentOfTheFixtureSuite) {
  const json doc = build_check_document({{"cells", suite_cells()}}, {"-m pytest", {"tests/check/suite"}, "/proj"});
  EXPECT_EQ(doc["baseline"]["method"], "fork");
  EXPECT_EQ(doc["tests"][id("test_fork")],
            (json{{"3.11.2/fork", "failed"}, {"3.11.2/spawn", "passed"}, {"3.11.2/forkserver", "passed"},
                  {"3.11.2/default", "failed"}}));
  EXPECT_EQ(doc["tests"][id("test_ok")].size(), 4u);
  // The timings in stdout differ in every cell: not a break in a suite.
  EXPECT_EQ(doc["cells"][3]["status"], "same");
  EXPECT_EQ(doc["cells"][0]["test_counts"]["failed"], 1);
  ASSERT_EQ(doc["breaks"].size(), 2u);
  EXPECT_EQ(doc["breaks"][0]["method"], "spawn");
  EXPECT_EQ(doc["breaks"][0]["tests_differing"].size(), 2u);
  EXPECT_EQ(check_exit_status(doc), 1);

  ASSERT_EQ(doc["differing_tests"].size(), 2u);
  const json& fork_only = doc["differing_tests"][0];
  EXPECT_EQ(fork_only["test"], id("test_fork"));
  EXPECT_EQ(fork_only["baseline"], "failed");
  ASSERT_EQ(fork_only["failures"].size(), 1u);  // fork and default: one diagnosis
  EXPECT_EQ(fork_only["failures"][0]["cells"], (json{"3.11.2/fork", "3.11.2/default"}));
  EXPECT_EQ(fork_only["failures"][0]["culprit"], nullptr);
  const json& nested = doc["differing_tests"][1];
  EXPECT_EQ(nested["test"], id("test_nested"));
  ASSERT_EQ(nested["failures"].size(), 1u);
  EXPECT_EQ(nested["failures"][0]["cells"], (json{"3.11.2/spawn", "3.11.2/forkserver"}));
  EXPECT_EQ(nested["failures"][0]["culprit"]["line"], 35);
  EXPECT_EQ(nested["failures"][0]["sent_by"]["call"], "Process.start");
  EXPECT_NE(doc["verdict"].get<std::string>().find("2 tests differ from the baseline"), std::string::npos)
      << doc["verdict"];
}

TEST(CheckTestsTest, SameFailuresEverywhereIsNoBreak) {
  json cells = {suite_cell_json("fork", {{"test_a", "failed"}, {"test_b", "passed"}}),
                suite_cell_json("spawn", {{"test_a", "failed"}, {"test_b", "passed"}})};
  const json doc = build_check_document({{"cells", cells}}, {"-m pytest", {}, "/proj"});
  EXPECT_TRUE(doc["breaks"].empty());
  EXPECT_TRUE(doc["differing_tests"].empty());
  EXPECT_EQ(check_exit_status(doc), 0);
  EXPECT_EQ(doc["verdict"], "every test has the same outcome in all 2 cells: 1 passed, 1 failed");
}

TEST(CheckTestsTest, ACellWithoutJunitIsABreakThatSaysWhy) {
  json cells = {suite_cell_json("fork", {{"test_a", "passed"}}),
                unread_cell("spawn", "timeout", "pytest wrote no junit file (it crashed)")};
  const json doc = build_check_document({{"cells", cells}}, {"-m pytest", {}, "/proj"});
  ASSERT_EQ(doc["breaks"].size(), 1u);
  EXPECT_EQ(doc["breaks"][0]["tests_differing"], nullptr);
  EXPECT_NE(doc["breaks"][0]["cause"].get<std::string>().find("no per-test outcomes: pytest wrote no junit file"),
            std::string::npos);
  EXPECT_EQ(doc["cells"][1]["test_counts"], nullptr);
  EXPECT_EQ(doc["cells"][1]["no_test_outcomes"], "pytest wrote no junit file (it crashed)");
  EXPECT_FALSE(doc["tests"][id("test_a")].contains("3.11.2/spawn"));
}

TEST(CheckTestsTest, AProgramIsNoSuite) {
  json c = suite_cell_json("fork", {});
  c["evidence"].erase("pytest_junit");
  const json doc = build_check_document({{"cells", {c}}}, {"prog.py", {}, "/proj"});
  EXPECT_EQ(doc["tests"], nullptr);
  EXPECT_EQ(doc["differing_tests"], nullptr);
}


// A cell pytest wrote no junit file for, with what the check hooks streamed.
json cut_cell(const std::string& method, const std::string& outcome, json finished, json running,
              const std::string& ended_by = "") {
  json c = unread_cell(method, outcome, "pytest wrote no junit file (it was killed or crashed)");
  json tests = json::array();
  for (const auto& [name, o] : finished.items())
    tests.push_back({{"test", id(name)}, {"outcome", o}, {"message", o == "failed" ? "assert 2 == 3" : ""}});
  c["evidence"]["pytest_stream"] = {{"collected", 3}, {"tests", tests},
                                    {"running", running.is_string() ? json(id(running)) : json(nullptr)},
                                    {"idle_s", 30}, {"cap_s", 3600},
                                    {"ended_by", ended_by.empty() ? json(nullptr) : json(ended_by)}};
  return c;
}

TEST(CheckTestsTest, StreamedOutcomesStandInForAMissingJunitFile) {
  const json fork = suite_cells()[0];  // test_fork failed, test_nested and test_ok passed
  const json hung = cut_cell("spawn", "deadlock", {{"test_fork", "passed"}}, "test_nested");
  const SuiteCell s = suite_cell(hung);
  EXPECT_TRUE(s.read);
  EXPECT_TRUE(s.cut_short);
  EXPECT_EQ(s.running, id("test_nested"));
  EXPECT_EQ(s.collected, 3u);
  EXPECT_EQ(s.outcomes, (std::map<std::string, std::string>{{id("test_fork"), "passed"}, {id("test_nested"), kHung}}));
  // test_ok was never reached: not a difference.
  EXPECT_EQ(tests_differing(suite_cell(fork), s), (std::vector<std::string>{id("test_fork"), id("test_nested")}));

  const json doc = build_check_document({{"cells", {fork, hung}}}, {"-m pytest", {}, "/proj"});
  EXPECT_EQ(doc["baseline"]["method"], "fork");
  const json& row = doc["cells"][1];
  EXPECT_EQ(row["status"], "break");
  EXPECT_EQ(row["cut_short"]["running"], id("test_nested"));
  EXPECT_EQ(row["test_counts"]["passed"], 1);
  EXPECT_EQ(row["no_test_outcomes"], nullptr);
  EXPECT_EQ(doc["tests"][id("test_nested")]["3.11.2/spawn"], "hung");
  ASSERT_EQ(doc["breaks"].size(), 1u);
  EXPECT_EQ(doc["breaks"][0]["cause"],
            "hung in " + id("test_nested") + " after 1 of 3 tests (1 passed); 2 tests differ from the baseline: "
            "test_fork passed (baseline: failed), test_nested hung (baseline: passed)");
}

TEST(CheckTestsTest, ACellCutShortIsNeverTheBaseline) {
  // Cut after one passing test: fewer failures than the full cell, yet no baseline.
  json cells = {cut_cell("fork", "timeout", {{"test_fork", "passed"}}, "test_nested", "idle"),
                suite_cells()[1]};
  EXPECT_EQ(choose_suite_baseline(cells), 1u);
  const json doc = build_check_document({{"cells", cells}}, {"-m pytest", {}, "/proj"});
  EXPECT_EQ(doc["breaks"][0]["cause"].get<std::string>().rfind(
                "no test finished for 30 s: still running " + id("test_nested") + " after 1 of 3 tests", 0),
            0u)
      << doc["breaks"][0]["cause"];
}

TEST(CheckTestsTest, ACellCutBetweenTestsStillBreaksThoughNoFinishedTestDiffers) {
  json cells = {suite_cells()[0], cut_cell("spawn", "timeout", {{"test_fork", "failed"}}, nullptr, "cap")};
  const json doc = build_check_document({{"cells", cells}}, {"-m pytest", {}, "/proj"});
  EXPECT_EQ(doc["cells"][1]["status"], "break");
  EXPECT_EQ(doc["breaks"][0]["cause"],
            "cut at its cap of 3600 s after 1 of 3 tests (1 failed)");
  std::string message;
  const Diagnosis d = test_diagnosis(cells[1], id("test_fork"), "/proj", message);
  EXPECT_EQ(message, "assert 2 == 3");  // from the stream, there being no junit file
  EXPECT_EQ(d.cause, "pytest's message: assert 2 == 3");
}

TEST(CheckTestsTest, NothingStreamedLeavesACellWithoutOutcomes) {
  json c = cut_cell("spawn", "exit:4", json::object(), nullptr);
  c["evidence"]["pytest_stream"]["collected"] = nullptr;
  EXPECT_FALSE(suite_cell(c).read);
}

}  // namespace
}  // namespace mpc
