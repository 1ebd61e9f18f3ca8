// `check`'s pieces on results.json cells made by hand: the baseline, the
// comparison with it, the diagnosis from the check hooks' events and from child
// tracebacks, the remedy and default_on tables, and check.json itself.
#include <gtest/gtest.h>

#include "check_baseline.h"
#include "check_diagnosis.h"
#include "check_document.h"

using nlohmann::json;

namespace mpc {
namespace {

json cell(const std::string& method, const std::string& outcome, const std::string& out = "",
          int exit_code = 0) {
  return {{"method", method},
          {"resolved_method", method},
          {"python", {{"version", "3.11.2"}}},
          {"outcome", outcome},
          {"evidence",
           {{"stdout", {{"text", out}}},
            {"stderr", {{"text", ""}}},
            {"exit_code", exit_code},
            {"exception", nullptr},
            {"child_tracebacks", json::array()},
            {"check_events", json::array()}}}};
}

json pickling_failure(json sent_by) {
  return {{"event", "pickling_failure"},
          {"culprit",
           {{"name", "run_job.<locals>.producer"}, {"kind", "local function"}, {"file", "prog.py"},
            {"line", 7}, {"path", "Process._target"}}},
          {"sent_by", sent_by}};
}

TEST(CheckBaselineTest, ForkFirstThenTheFirstThatWorked) {
  json cells = {cell("spawn", "ok"), cell("fork", "ok"), cell("forkserver", "ok")};
  EXPECT_EQ(choose_baseline(cells), 1u);
  cells[1]["outcome"] = "pickling-error";
  EXPECT_EQ(choose_baseline(cells), 0u);
  json none = {cell("fork", "pickling-error"), cell("spawn", "exit:1")};
  EXPECT_FALSE(choose_baseline(none).has_value());
}

TEST(CheckBaselineTest, OutputComparedAsLinesInAnyOrder) {
  const json base = cell("fork", "ok", "a\nb\nb\n");
  EXPECT_TRUE(same_as_baseline(base, cell("spawn", "ok", "b\na\nb\n")));
  const OutputDifference d = output_difference(base, cell("spawn", "ok", "a\nc\n"));
  EXPECT_EQ(d.stdout_missing, (std::vector<std::string>{"b", "b"}));
  EXPECT_EQ(d.stdout_extra, (std::vector<std::string>{"c"}));
  EXPECT_EQ(d.summary(), "2 lines of stdout missing, 1 line of stdout extra");
}

TEST(CheckBaselineTest, ExitCodeAndOutcomeDiffer) {
  const json base = cell("fork", "ok");
  const OutputDifference d = output_difference(base, cell("spawn", "exit:3", "", 3));
  EXPECT_EQ(d.baseline_exit, 0);
  EXPECT_EQ(d.cell_exit, 3);
  EXPECT_FALSE(same_as_baseline(base, cell("spawn", "exit:3", "", 3)));
  EXPECT_FALSE(same_as_baseline(base, cell("spawn", "pickling-error")));
}

TEST(CheckDiagnosisTest, DefaultOnNamesWhereEachMethodIsTheDefault) {
  EXPECT_EQ(default_on("fork"), (std::vector<std::string>{"Linux < 3.14"}));
  EXPECT_EQ(default_on("spawn"), (std::vector<std::string>{"macOS >= 3.8", "Windows"}));
  EXPECT_EQ(default_on("forkserver"), (std::vector<std::string>{"Linux >= 3.14"}));
  EXPECT_TRUE(default_on("default").empty());
}

TEST(CheckDiagnosisTest, RemedyByKind) {
  EXPECT_NE(pickling_remedy("local function", "fn.<locals>.producer").find("move `producer` to module level"),
            std::string::npos);
  EXPECT_NE(pickling_remedy("lambda", "<lambda>").find("functools.partial"), std::string::npos);
  EXPECT_NE(pickling_remedy("nested class", "f.<locals>.Job").find("define the class `Job` at module level"),
            std::string::npos);
  EXPECT_NE(pickling_remedy("open file", "'x.txt'").find("file's name"), std::string::npos);
  EXPECT_NE(pickling_remedy("lock", "lock").find("Manager"), std::string::npos);
  EXPECT_NE(pickling_remedy("generator", "gen").find("not a generator"), std::string::npos);
  EXPECT_NE(pickling_remedy("object of type x.Y", "Y").find("pass data, not closures"), std::string::npos);
}

TEST(CheckDiagnosisTest, PicklingCulpritWithTheCallOfItsOwnStack) {
  json c = cell("spawn", "pickling-error");
  c["evidence"]["check_events"].push_back(
      pickling_failure({{"call", "Process.start"}, {"file", "prog.py"}, {"line", 12}}));
  const Diagnosis d = diagnose(c);
  ASSERT_TRUE(d.culprit && d.sent_by);
  EXPECT_EQ(d.culprit->name, "run_job.<locals>.producer");
  EXPECT_EQ(d.culprit->defined.line, 7);
  EXPECT_EQ(d.sent_by->call, "Process.start");
  EXPECT_EQ(d.sent_by->at.line, 12);
  EXPECT_EQ(d.cause, "run_job.<locals>.producer (local function, defined at prog.py:7) cannot be pickled; "
                     "sent by Process.start at prog.py:12");
}

TEST(CheckDiagnosisTest, PoolTaskPickledInAHelperThreadTakesTheMainFailedCall) {
  json c = cell("fork", "pickling-error");
  c["evidence"]["check_events"].push_back(pickling_failure(nullptr));
  c["evidence"]["check_events"].push_back(
      {{"event", "failed_call"}, {"call", "Pool.map"}, {"file", "prog.py"}, {"line", 7}});
  const Diagnosis d = diagnose(c);
  ASSERT_TRUE(d.sent_by);
  EXPECT_EQ(d.sent_by->call, "Pool.map");
}

TEST(CheckDiagnosisTest, BootstrapLineFromTheChildsTraceback) {
  json c = cell("spawn", "bootstrap-error");
  c["evidence"]["child_tracebacks"].push_back(
      {{"type", "RuntimeError"},
       {"text",
        "Traceback (most recent call last):\n"
        "  File \"<string>\", line 1, in <module>\n"
        "  File \"/usr/lib/python3.11/multiprocessing/spawn.py\", line 120, in spawn_main\n"
        "  File \"/usr/lib/python3.11/runpy.py\", line 88, in _run_code\n"
        "  File \"/home/u/no_guard.py\", line 11, in <module>\n"
        "    child.start()\n"
        "  File \"/usr/lib/python3.11/multiprocessing/process.py\", line 121, in start\n"
        "  File \"/usr/lib/python3.11/multiprocessing/spawn.py\", line 134, in _check_not_importing_main\n"
        "RuntimeError: \n        An attempt has been made...\n"}});
  const Diagnosis d = diagnose(c);
  ASSERT_TRUE(d.module_level_line);
  EXPECT_EQ(d.module_level_line->file, "/home/u/no_guard.py");
  EXPECT_EQ(d.module_level_line->line, 11);
  EXPECT_NE(d.remedy.find("if __name__ == \"__main__\":"), std::string::npos);
}

TEST(CheckDocumentTest, BreaksAgainstTheBaselineAndTheVerdict) {
  json spawn = cell("spawn", "pickling-error", "", 1);
  spawn["evidence"]["check_events"].push_back(
      pickling_failure({{"call", "Process.start"}, {"file", "prog.py"}, {"line", 12}}));
  const json results = {{"cells", {cell("fork", "ok", "done\n"), spawn, cell("forkserver", "ok", "done\n"),
                                    cell("default", "unsupported")}}};
  const json doc = build_check_document(results, {"prog.py", {}, "/tmp"});
  EXPECT_EQ(doc["baseline"], (json{{"python", "3.11.2"}, {"method", "fork"}}));
  ASSERT_EQ(doc["breaks"].size(), 1u);
  const json& b = doc["breaks"][0];
  EXPECT_EQ(b["method"], "spawn");
  EXPECT_EQ(b["culprit"]["name"], "run_job.<locals>.producer");
  EXPECT_EQ(b["sent_by"]["call"], "Process.start");
  EXPECT_EQ(b["default_on"], (json{"macOS >= 3.8", "Windows"}));
  EXPECT_EQ(doc["cells"][3]["status"], "unsupported");
  EXPECT_EQ(doc["verdict"], "breaks in 1 of 3 cells (3.11.2 spawn): the default on macOS >= 3.8, Windows");
  EXPECT_EQ(check_exit_status(doc), 1);
}

TEST(CheckDocumentTest, NoWorkingCellMeansNoBaselineAndEveryCellABreak) {
  const json results = {{"cells", {cell("fork", "pickling-error", "", 1), cell("spawn", "pickling-error", "", 1)}}};
  const json doc = build_check_document(results, {"prog.py", {}, "/tmp"});
  EXPECT_TRUE(doc["baseline"].is_null());
  EXPECT_EQ(doc["breaks"].size(), 2u);
  EXPECT_EQ(doc["verdict"], "works in none of the 2 cells");
}

TEST(CheckDocumentTest, OwnMethodMakesTheOtherCellsMeaningless) {
  json cells = {cell("fork", "ok"), cell("spawn", "ok")};
  for (auto& c : cells)
    c["evidence"]["check_events"].push_back({{"event", "method_choice"}, {"call", "set_start_method"},
                                             {"method", "spawn"}, {"file", "prog.py"}, {"line", 11}});
  const json doc = build_check_document({{"cells", cells}}, {"prog.py", {}, "/tmp"});
  ASSERT_TRUE(doc["chooses_own_method"].is_object());
  EXPECT_EQ(doc["chooses_own_method"]["line"], 11);
  EXPECT_EQ(doc["chooses_own_method"]["meaningless_cells"], (json{{{"python", "3.11.2"}, {"method", "fork"}}}));
  EXPECT_TRUE(doc["breaks"].empty());
  EXPECT_EQ(check_exit_status(doc), 0);
}

TEST(CheckDocumentTest, SameOutcomeOtherOutputIsABreak) {
  const json results = {{"cells", {cell("fork", "ok", "a\nb\n"), cell("spawn", "ok", "a\n")}}};
  const json doc = build_check_document(results, {"prog.py", {}, "/tmp"});
  ASSERT_EQ(doc["breaks"].size(), 1u);
  EXPECT_EQ(doc["breaks"][0]["output_difference"]["stdout_missing"], (json{"b"}));
  EXPECT_EQ(doc["breaks"][0]["cause"], "the output differs from the baseline's: 1 line of stdout missing");
}

}  // namespace
}  // namespace mpc

namespace mpc {
namespace {

TEST(CheckDiagnosisTest, FilesUnderTheCallersFolderAreNamedRelativeToIt) {
  EXPECT_EQ(relative_to("/home/u/proj", "/home/u/proj/src/x.py"), "src/x.py");
  EXPECT_EQ(relative_to("/home/u/proj", "/home/u/project/x.py"), "/home/u/project/x.py");
  EXPECT_EQ(relative_to("/home/u/proj", "x.py"), "x.py");
  EXPECT_EQ(relative_to("", "/a/x.py"), "/a/x.py");
}

}  // namespace
}  // namespace mpc

namespace mpc {
namespace {

TEST(CheckDocumentTest, TheSameFailureBeforeMultiprocessingIsSaidOnce) {
  auto failed = [](const std::string& method) {
    json c = {{"method", method}, {"python", {{"version", "3.11.2"}}}, {"outcome", "exception:ModuleNotFoundError"},
              {"evidence",
               {{"exit_code", 1}, {"child_tracebacks", json::array()}, {"check_events", json::array()},
                {"processes", {{{"pid", 1}}}},
                {"exception", {{"type", "ModuleNotFoundError"}, {"frames", {{{"file", "/p/prog.py"}, {"line", 1},
                                                                             {"function", "<module>"}}}}}}}}};
    return c;
  };
  const json doc = build_check_document({{"cells", {failed("fork"), failed("spawn")}}}, {"prog.py", {}, "/p"});
  ASSERT_TRUE(doc["fails_before_multiprocessing"].is_object());
  EXPECT_EQ(doc["fails_before_multiprocessing"]["cause"], "the main process raised ModuleNotFoundError at prog.py:1");
  EXPECT_EQ(doc["verdict"], "fails the same way in all 2 cells before it reaches multiprocessing: the main process "
                            "raised ModuleNotFoundError at prog.py:1");
  EXPECT_EQ(check_exit_status(doc), 1);
  // A failure inside multiprocessing is a break per cell, even when it is the same everywhere.
  json pool = failed("fork");
  pool["evidence"]["check_events"].push_back({{"event", "failed_call"}});
  EXPECT_TRUE(build_check_document({{"cells", {pool, failed("spawn")}}}, {"prog.py", {}, "/p"})
                  ["fails_before_multiprocessing"].is_null());
}

}  // namespace
}  // namespace mpc
