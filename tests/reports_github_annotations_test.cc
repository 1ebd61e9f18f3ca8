// check.json's findings (check_findings.h) and their GitHub annotations
// (github_annotations.h): one per distinct cause and line, at the line to change,
// paths relative to the workspace, breaks before hazards, 10 of each.
#include <gtest/gtest.h>

#include "check_findings.h"
#include "check_json_samples.h"
#include "github_annotations.h"

using nlohmann::json;

namespace mpc {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  return out;
}

TEST(CheckFindingsTest, OneFindingPerCauseAndLineWithEveryCell) {
  const auto findings = check_findings(samples::two_breaks());
  ASSERT_EQ(findings.size(), 2u);
  const Finding& b = findings[0];
  EXPECT_EQ(b.level, FindingLevel::kBreak);
  EXPECT_EQ(b.rule, "unpicklable_object");
  EXPECT_EQ(b.where.file, "prog.py");
  EXPECT_EQ(b.where.line, 7);  // where it is defined: what to change
  ASSERT_EQ(b.related.size(), 1u);
  EXPECT_EQ(b.related[0].line, 12);
  EXPECT_EQ(b.related[0].what, "sent by Process.start");
  EXPECT_EQ(b.cells, (std::vector<std::string>{"3.11.2 spawn", "3.11.2 forkserver"}));
  EXPECT_EQ(b.default_on, (std::vector<std::string>{"macOS >= 3.8", "Windows", "Linux >= 3.14"}));
  EXPECT_EQ(findings[1].level, FindingLevel::kHazard);
  EXPECT_EQ(findings[1].rule, "random_state_shared");
  EXPECT_EQ(findings[1].where.file, "lib/seed.py");
  EXPECT_EQ(findings[1].where.line, 11);
}

TEST(CheckFindingsTest, PathsAreMadeRelativeToTheWorkspace) {
  EXPECT_EQ(path_under_root("prog.py", "/ws/app", "/ws"), "app/prog.py");
  EXPECT_EQ(path_under_root("/ws/app/../lib/x.py", "/ws/app", "/ws"), "lib/x.py");
  EXPECT_EQ(path_under_root("/usr/lib/python3.11/multiprocessing/process.py", "/ws/app", "/ws"), "");
  EXPECT_EQ(path_under_root("../../etc/x.py", "/ws/app", "/ws"), "");
  EXPECT_EQ(path_under_root("", "/ws/app", "/ws"), "");
  EXPECT_EQ(check_findings(samples::two_breaks(), "/ws")[0].where.file, "app/prog.py");
}

TEST(CheckFindingsTest, MainGuardLineAndStateSetterLine) {
  json doc = samples::two_breaks();
  doc["cells"][0]["hazards"] = json::array();
  json& guard = doc["breaks"][0];
  guard["culprit"] = nullptr;
  guard["outcome"] = "bootstrap-error";
  guard["module_level_line"] = {{"file", "prog.py"}, {"line", 20}};
  json& state = doc["breaks"][1];
  state["culprit"] = nullptr;
  state["outcome"] = "ok";
  state["cause"] = "LIMIT was set to 5 at run time (set at prog.py:30) but 1 in the child";
  state["causes"] = {{{"kind", "state_set_at_run_time"},
                      {"sentence", state["cause"]},
                      {"lines", {{{"file", "prog.py"}, {"line", 30}}, {{"file", "prog.py"}, {"line", 3}}}},
                      {"remedy", "pass it as an argument"}}};
  const auto findings = check_findings(doc);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].rule, "main_guard_missing");
  EXPECT_EQ(findings[0].where.line, 20);
  EXPECT_EQ(findings[1].rule, "state_set_at_run_time");
  EXPECT_EQ(findings[1].where.line, 30);  // the line that set it
  ASSERT_EQ(findings[1].related.size(), 1u);
  EXPECT_EQ(findings[1].related[0].line, 3);
}

TEST(CheckFindingsTest, OutcomesWithoutALineKeepTheirKind) {
  json doc = samples::two_breaks();
  doc["breaks"][0]["culprit"] = nullptr;
  doc["breaks"][0]["outcome"] = "deadlock";
  doc["breaks"][0]["cause"] = "a child waits for ever";
  doc["breaks"][1]["culprit"] = nullptr;
  doc["breaks"][1]["outcome"] = "crash:SIGSEGV";
  const auto findings = check_findings(doc);
  EXPECT_EQ(findings[0].rule, "deadlock");
  EXPECT_EQ(findings[0].where.file, "");
  EXPECT_EQ(findings[1].rule, "crash");
}

TEST(CheckFindingsTest, AHangIsPointedAtTheForkBesideThreads) {
  json doc = samples::two_breaks();
  doc["breaks"] = {doc["breaks"][0]};
  json& hang = doc["breaks"][0];
  hang["method"] = "fork";
  hang["culprit"] = nullptr;
  hang["outcome"] = "deadlock";
  hang["cause"] = "a process deadlocked";
  doc["cells"][0]["hazards"] = {{{"kind", "forked_beside_threads"},
                                 {"sentence", "forked at prog.py:25 with thread 'w' alive: ..."},
                                 {"lines", {{{"file", "prog.py"}, {"line", 25}}}},
                                 {"remedy", "start the processes before the threads"}}};
  const auto findings = check_findings(doc);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].rule, "deadlock");
  EXPECT_EQ(findings[0].where.line, 25);
  EXPECT_EQ(findings[1].rule, "forked_beside_threads");
  EXPECT_EQ(findings[1].level, FindingLevel::kHazard);
}

TEST(GitHubAnnotationsTest, ErrorAtTheCulpritsLineWarningAtTheHazards) {
  const auto out = lines_of(render_github_annotations(check_findings(samples::two_breaks(), "/ws")));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0],
            "::error file=app/prog.py,line=7,title=mpconform%3A object that cannot be pickled::"
            "run.<locals>.producer (local function, defined at prog.py:7) cannot be pickled; sent by Process.start "
            "at prog.py:12%0AIn: 3.11.2 spawn, 3.11.2 forkserver (the default on macOS >= 3.8, Windows, Linux >= "
            "3.14)%0AAlso sent by Process.start at app/prog.py:12%0ARemedy: move `producer` to module level");
  EXPECT_EQ(out[1].rfind("::warning file=app/lib/seed.py,line=11,title=mpconform%3A children share one random "
                         "state::4 fork children",
                         0),
            0u)
      << out[1];
}

TEST(GitHubAnnotationsTest, UserTextCannotEndTheCommandEarly) {
  json doc = samples::two_breaks();
  doc["breaks"][0]["cause"] = "100% broken\r\nsecond line";
  doc["breaks"][0]["culprit"]["file"] = "odd,dir:x/prog.py";
  doc["breaks"][1] = doc["breaks"][0];
  const auto out = lines_of(render_github_annotations(check_findings(doc)));
  ASSERT_EQ(out.size(), 2u);  // the CR LF did not split the annotation
  EXPECT_EQ(out[0].rfind("::error file=odd%2Cdir%3Ax/prog.py,line=7,title=", 0), 0u) << out[0];
  EXPECT_NE(out[0].find("::100%25 broken%0Asecond line%0AIn: "), std::string::npos) << out[0];
}

TEST(GitHubAnnotationsTest, ALongMessageIsCut) {
  json doc = samples::two_breaks();
  doc["breaks"][0]["cause"] = std::string(100000, 'z');
  doc["breaks"][1]["cause"] = doc["breaks"][0]["cause"];
  const auto out = lines_of(render_github_annotations(check_findings(doc)));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_LT(out[0].size(), 5000u);
  EXPECT_NE(out[0].find("zzz…%0AIn: "), std::string::npos);  // the sentence is cut, not the remedy
  EXPECT_NE(out[0].find("%0ARemedy: move"), std::string::npos);
}

TEST(GitHubAnnotationsTest, AFindingWithoutALineHasNoFile) {
  json doc = samples::two_breaks();
  doc["cells"][0]["hazards"] = json::array();
  doc["breaks"] = {doc["breaks"][0]};
  doc["breaks"][0]["culprit"] = nullptr;
  doc["breaks"][0]["outcome"] = "timeout";
  const auto out = lines_of(render_github_annotations(check_findings(doc)));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rfind("::error title=mpconform%3A still running at the deadline::", 0), 0u) << out[0];
}

// 15 breaks at 15 lines and 12 hazards at 12: GitHub shows 10 of each per step.
TEST(GitHubAnnotationsTest, TenOfEachKindBreaksFirstThenANoticeOfTheRest) {
  json doc = samples::two_breaks();
  json breaks = json::array(), hazards = json::array();
  for (int i = 0; i < 15; ++i) {
    json b = samples::pickling_break("spawn");
    b["culprit"]["line"] = 100 + i;
    breaks.push_back(b);
  }
  for (int i = 0; i < 12; ++i)
    hazards.push_back({{"kind", "random_state_shared"}, {"sentence", "same numbers"},
                       {"lines", {{{"file", "prog.py"}, {"line", 200 + i}}}}, {"remedy", "seed"}});
  doc["breaks"] = breaks;
  doc["cells"][0]["hazards"] = hazards;
  const auto out = lines_of(render_github_annotations(check_findings(doc)));
  ASSERT_EQ(out.size(), 21u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(out[i].rfind("::error file=prog.py,line=" + std::to_string(100 + i) + ",", 0), 0u) << out[i];
    EXPECT_EQ(out[10 + i].rfind("::warning file=prog.py,line=" + std::to_string(200 + i) + ",", 0), 0u) << out[10 + i];
  }
  EXPECT_EQ(out[20], "::notice title=mpconform%3A more findings::5 more breaks and 2 more hazards than GitHub shows "
                     "as annotations: the job summary and check.json have them all");
}

TEST(GitHubAnnotationsTest, NothingFoundPrintsNothing) {
  json doc = samples::two_breaks();
  doc["breaks"] = json::array();
  doc["cells"][0]["hazards"] = json::array();
  EXPECT_EQ(render_github_annotations(check_findings(doc)), "");
}

}  // namespace
}  // namespace mpc
