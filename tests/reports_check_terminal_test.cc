// `check`'s terminal output from a check.json made by hand.
#include <gtest/gtest.h>

#include "check_terminal.h"

using nlohmann::json;

namespace mpc {
namespace {

json check_doc() {
  return {
      {"program", "prog.py"},
      {"args", {"--n", "3"}},
      {"baseline", {{"python", "3.11.2"}, {"method", "fork"}}},
      {"chooses_own_method", nullptr},
      {"cells",
       {{{"python", "3.11.2"}, {"method", "fork"}, {"outcome", "ok"}, {"status", "baseline"}, {"meaningless", false}},
        {{"python", "3.11.2"}, {"method", "spawn"}, {"outcome", "pickling-error"}, {"status", "break"},
         {"meaningless", false}}}},
      {"breaks",
       {{{"python", "3.11.2"},
         {"method", "spawn"},
         {"resolved_method", "spawn"},
         {"outcome", "pickling-error"},
         {"cause", "f.<locals>.g (local function, defined at prog.py:3) cannot be pickled"},
         {"remedy", "move `g` to module level"},
         {"default_on", {"macOS >= 3.8", "Windows"}}}}},
      {"verdict", "breaks in 1 of 2 cells (3.11.2 spawn): the default on macOS >= 3.8, Windows"}};
}

TEST(CheckTerminalTest, TableBreaksAndVerdict) {
  const std::string out = render_check_terminal(check_doc());
  EXPECT_NE(out.find("check prog.py --n 3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("python    fork            spawn\n3.11.2    ok (baseline)   pickling-error\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  3.11.2 spawn: pickling-error  [the default on macOS >= 3.8, Windows]\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("    cause:  f.<locals>.g"), std::string::npos) << out;
  EXPECT_NE(out.find("    remedy: move `g` to module level\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\nverdict: breaks in 1 of 2 cells"), std::string::npos) << out;
}

TEST(CheckTerminalTest, EmulatedRowsAndTheRuleBehindABreak) {
  json doc = check_doc();
  const json mac = {{"name", "macos"}, {"label", "macOS (emulated)"}};
  doc["cells"].push_back({{"python", "3.11.2"}, {"method", "fork"}, {"outcome", "exception:NotImplementedError"},
                          {"status", "break"}, {"meaningless", false}, {"os", mac}});
  doc["os_rules"] = {{{"rule", "macos-queue-qsize"}, {"os", mac},
                      {"sentence", "Queue.qsize() raises NotImplementedError on macOS"},
                      {"source", "Lib/multiprocessing/queues.py"}, {"where", {{"file", "prog.py"}, {"line", 9}}},
                      {"cells", {"3.11.2 fork"}}}};
  doc["os_warnings"] = {{{"kind", "tests-platform"}, {"line", 4}, {"warning", "the program tests sys.platform itself"}}};
  const std::string out = render_check_terminal(doc);
  EXPECT_NE(out.find("\n3.11.2 macOS (emulated)  exception:NotImplementedError"), std::string::npos) << out;
  EXPECT_NE(out.find("  macOS (emulated): Queue.qsize() raises NotImplementedError on macOS\n"
                     "    rule:   macos-queue-qsize (CPython: Lib/multiprocessing/queues.py)\n"
                     "    at:     prog.py:9\n"),
            std::string::npos) << out;
  EXPECT_NE(out.find("  warning: the program tests sys.platform itself (line 4)\n"), std::string::npos) << out;
}

TEST(CheckTerminalTest, NothingEmulatedSaysNothingOfIt) {
  EXPECT_EQ(render_check_terminal(check_doc()).find("emulated"), std::string::npos);
}

TEST(CheckTerminalTest, OutputDifferenceShownAsLinesLostAndGained) {
  json doc = check_doc();
  doc["breaks"][0]["outcome"] = "ok";
  doc["breaks"][0]["output_difference"] = {{"stdout_missing", {"child sees MODE = production"}},
                                           {"stdout_extra", {"child sees MODE = unset"}},
                                           {"stderr_missing", json::array()},
                                           {"stderr_extra", {"a warning"}}};
  const std::string out = render_check_terminal(doc);
  EXPECT_NE(out.find("      - child sees MODE = production\n      + child sees MODE = unset\n"
                     "      + stderr: a warning\n"),
            std::string::npos) << out;
}

TEST(CheckTerminalTest, OwnMethodIsSaid) {
  json doc = check_doc();
  doc["chooses_own_method"] = {{"file", "prog.py"}, {"line", 11}, {"call", "set_start_method"},
                               {"method", "spawn"}, {"meaningless_cells", {{{"python", "3.11.2"}, {"method", "fork"}}}}};
  doc["cells"][0]["meaningless"] = true;
  const std::string out = render_check_terminal(doc);
  EXPECT_NE(out.find("the program chooses its method itself at prog.py:11 (set_start_method \"spawn\")"),
            std::string::npos) << out;
  EXPECT_NE(out.find("ok (baseline) ~"), std::string::npos) << out;
}

json suite_doc() {
  auto row = [](const char* method, const char* status, int failed) {
    return json{{"python", "3.11.2"}, {"method", method}, {"outcome", "exit:1"}, {"status", status},
                {"meaningless", false}, {"name", std::string("3.11.2/") + method},
                {"test_counts", {{"passed", 3 - failed}, {"failed", failed}, {"error", 0}, {"skipped", 0}}}};
  };
  json hung = {{"python", "3.11.2"}, {"method", "forkserver"}, {"outcome", "deadlock"}, {"status", "break"},
               {"meaningless", false}, {"name", "3.11.2/forkserver"}, {"test_counts", nullptr}};
  return {{"program", "-m pytest"},
          {"args", {"tests"}},
          {"baseline", {{"python", "3.11.2"}, {"method", "fork"}}},
          {"chooses_own_method", nullptr},
          {"cells", {row("fork", "baseline", 1), row("spawn", "break", 1), hung}},
          {"breaks",
           {{{"python", "3.11.2"}, {"method", "spawn"}, {"resolved_method", "spawn"}, {"outcome", "exit:1"},
             {"cause", "2 tests differ from the baseline: ..."}, {"remedy", ""}, {"default_on", json::array()},
             {"tests_differing", json::array({{{"test", "t.py::test_a"}}})}},
            {{"python", "3.11.2"}, {"method", "forkserver"}, {"resolved_method", "forkserver"}, {"outcome", "deadlock"},
             {"cause", "the process tree hung; no per-test outcomes: pytest wrote no junit file"}, {"remedy", ""},
             {"default_on", json::array()}, {"tests_differing", nullptr}}}},
          {"differing_tests",
           {{{"test", "t.py::test_a"},
             {"baseline", "failed"},
             {"outcomes", {{"3.11.2/spawn", "passed"}, {"3.11.2/fork", "failed"}}},
             {"failures",
              {{{"cells", {"3.11.2/fork"}}, {"outcome", "failed"},
                {"cause", "pytest's message: AssertionError: assert 1 == 2\n+ more"}, {"remedy", ""}}}}},
            {{"test", "t.py::test_b"},
             {"baseline", "passed"},
             {"outcomes", {{"3.11.2/fork", "passed"}, {"3.11.2/spawn", "failed"}}},
             {"failures",
              {{{"cells", {"3.11.2/spawn"}}, {"outcome", "failed"},
                {"cause", "test_b.<locals>.w (local function, defined at t.py:5) cannot be pickled"},
                {"remedy", "move `w` to module level"}}}}}}},
          {"verdict", "breaks in 2 of 3 cells"}};
}

TEST(CheckTerminalTest, SuiteShowsTestsNotExitStatus) {
  const std::string out = render_check_terminal(suite_doc());
  EXPECT_NE(out.find("3.11.2    1 failed of 3 (baseline)  1 failed of 3             deadlock\n"), std::string::npos)
      << out;
}

TEST(CheckTerminalTest, SuiteSaysEachDifferingTestInPlanOrderWithItsDiagnosis) {
  const std::string out = render_check_terminal(suite_doc());
  EXPECT_NE(out.find("tests that differ from the baseline's outcome:\n  t.py::test_a\n"
                     "    3.11.2: fork failed (baseline), spawn passed\n"
                     "    3.11.2/fork failed: pytest's message: AssertionError: assert 1 == 2\n  t.py::test_b\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    3.11.2/spawn failed: test_b.<locals>.w (local function, defined at t.py:5) cannot be pickled\n"
                     "      remedy: move `w` to module level\n"),
            std::string::npos)
      << out;
}

TEST(CheckTerminalTest, SuiteBreaksListOnlyCellsWithoutTestOutcomes) {
  const std::string out = render_check_terminal(suite_doc());
  EXPECT_NE(out.find("breaks:\n  3.11.2 forkserver: deadlock\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("3.11.2 spawn: exit:1"), std::string::npos) << out;
}


TEST(CheckTerminalTest, ACellCutShortShowsTheTestsItFinishedThenItsEndAndWhereItStopped) {
  json doc = suite_doc();
  json& hung = doc["cells"][2];
  hung["test_counts"] = {{"passed", 1}, {"failed", 1}, {"error", 0}, {"skipped", 0}};
  hung["cut_short"] = {{"running", "t.py::test_c"}, {"collected", 3}, {"no_junit", "pytest wrote no junit file"}};
  json& b = doc["breaks"][1];
  b["cause"] = "hung in t.py::test_c after 2 of 3 tests (1 passed, 1 failed)";
  b["tests_differing"] = json::array({{{"test", "t.py::test_c"}}});
  b["cut_short"] = true;
  const std::string out = render_check_terminal(doc);
  EXPECT_NE(out.find("1 failed of 2, then deadlock\n"), std::string::npos) << out;
  EXPECT_NE(out.find("breaks:\n  3.11.2 forkserver: deadlock\n    cause:  hung in t.py::test_c after 2 of 3 tests"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace mpc
