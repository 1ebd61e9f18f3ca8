// The causes of a check cell's output differences (output_causes.h), each from
// the events its processes recorded, on results.json cells made by hand: the
// state a spawn child saw, module-level output, logs no handler took, random
// state shared by fork, and their place in check.json.
#include <gtest/gtest.h>

#include "check_document.h"
#include "output_causes.h"

using nlohmann::json;

namespace mpc {
namespace {

json cell(const std::string& method, const std::string& outcome, const std::string& out = "",
          json events = json::array(), const std::string& err = "") {
  return {{"method", method},
          {"resolved_method", method},
          {"python", {{"version", "3.11.2"}}},
          {"outcome", outcome},
          {"evidence",
           {{"stdout", {{"text", out}}},
            {"stderr", {{"text", err}}},
            {"exit_code", outcome == "ok" ? json(0) : json(1)},
            {"exception", nullptr},
            {"child_tracebacks", json::array()},
            {"check_events", events}}}};
}

json facts() {
  return {{"event", "source_facts"},
          {"file", "/home/u/prog.py"},
          {"globals", {{"MODE", {{"import_line", 4}, {"runtime_lines", {20}}, {"read_lines", {9}}}},
                       {"args", {{"import_line", 0}, {"runtime_lines", {18}}, {"read_lines", json::array()}}}}},
          {"class_attrs",
           {{"Settings.threshold", {{"import_line", 10}, {"runtime_lines", {42}}, {"read_lines", {14}}}}}},
          {"seeds", json::array({{{"call", "np.random.seed(0)"}, {"line", 12}, {"seeds", "np.random.seed"},
                                  {"in_main_guard", true}, {"in_function", false}}})},
          {"logging", json::array({{{"call", "logging.basicConfig(level=logging.INFO)"}, {"line", 51},
                                    {"configures", "logging.basicConfig"}, {"in_main_guard", false},
                                    {"in_function", true}}})}};
}

json state(const std::string& event, int pid, json names, int child = 0) {
  json ev = {{"event", event}, {"pid", pid}, {"names", names}};
  if (child) ev["child"] = child;
  return ev;
}

json spawn_child_saw_none() {
  const json parent = {{"Settings.threshold", {"0.75", "0.75"}}, {"args", {"Namespace", "Namespace(...)"}}};
  const json child = {{"Settings.threshold", {"None", "None"}}};
  return json::array({facts(), state("parent_state", 100, parent, 101), state("child_state", 101, child)});
}

TEST(OutputCausesTest, SpawnChildSeesImportTimeValueOfClassAttribute) {
  const json base = cell("fork", "ok", "scores: 1\n");
  const json here = cell("spawn", "ok", "scores: 0\n", spawn_child_saw_none());
  const auto causes = output_causes(here, &base, "/home/u");
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].kind, "state_set_at_run_time");
  EXPECT_EQ(causes[0].sentence,
            "`Settings.threshold` is 0.75 in the parent when it started the child (set at prog.py:42) but None "
            "in the spawn child (its import-time value, prog.py:10): a child that imports the main module again "
            "sees only import-time values");
  ASSERT_EQ(causes[0].lines.size(), 2u);
  EXPECT_EQ(causes[0].lines[0].line, 42);
  EXPECT_EQ(causes[0].lines[1].line, 10);
  EXPECT_NE(causes[0].remedy.find("initializer"), std::string::npos);
}

TEST(OutputCausesTest, NameNoFunctionReadsIsNoCause) {
  // `args` differs too (the child has none) but no function of the program reads it.
  const json events = spawn_child_saw_none();
  const auto causes = output_causes(cell("spawn", "ok", "", events), nullptr);
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].sentence.find("`args`"), std::string::npos);
}

TEST(OutputCausesTest, SameStateInChildIsNoCause) {
  const json same = {{"Settings.threshold", {"0.75", "0.75"}}};
  const json events = {facts(), state("parent_state", 100, same, 101), state("child_state", 101, same)};
  EXPECT_TRUE(output_causes(cell("spawn", "ok", "", events), nullptr).empty());
}

TEST(OutputCausesTest, GlobalSetOnlyUnderTheGuardIsNotDefinedInTheChild) {
  const json events = {facts(), state("parent_state", 100, {{"MODE", {"'prod'", "'prod'"}}}, 101),
                       state("child_state", 101, json::object())};
  const auto causes = output_causes(cell("forkserver", "ok", "", events), nullptr, "/home/u");
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_NE(causes[0].sentence.find("`MODE` is 'prod' in the parent when it started the child (set at prog.py:20) "
                                    "but not defined in the forkserver child"),
            std::string::npos)
      << causes[0].sentence;
}

TEST(OutputCausesTest, ChildFailureIsTheConsequenceOfTheStateCause) {
  const json base = cell("fork", "ok", "scores: 1\n");
  json here = cell("spawn", "exception:TypeError", "", spawn_child_saw_none());
  here["evidence"]["exception"] = {{"type", "TypeError"},
                                   {"frames", {{{"file", "/home/u/prog.py"}, {"line", 27}, {"function", "main"}}}}};
  const json doc = build_check_document({{"cells", {base, here}}}, CheckedProgram{"prog.py", {}, "/home/u"});
  ASSERT_EQ(doc["breaks"].size(), 1u);
  const std::string cause = doc["breaks"][0]["cause"];
  EXPECT_EQ(cause.rfind("`Settings.threshold` is 0.75 in the parent", 0), 0u) << cause;
  EXPECT_NE(cause.find("; consequence: the main process raised TypeError at prog.py:27"), std::string::npos) << cause;
  EXPECT_NE(doc["breaks"][0]["remedy"].get<std::string>().find("initializer"), std::string::npos);
}

TEST(OutputCausesTest, ModuleLevelOutputMatchedAgainstGainedLines) {
  const json line = {{"stream", "stdout"}, {"file", "/home/u/prog.py"}, {"line", 3}, {"text", "Loading model..."}};
  const json events = {{{"event", "module_level_output"}, {"pid", 5}, {"lines", {line}}},
                       {{"event", "module_level_output"}, {"pid", 6}, {"lines", {line}}}};
  const json base = cell("fork", "ok", "Loading model...\ndone\n");
  const json here = cell("spawn", "ok", "Loading model...\nLoading model...\nLoading model...\ndone\n", events);
  const auto causes = output_causes(here, &base, "/home/u");
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].kind, "module_level_code_ran_again");
  EXPECT_EQ(causes[0].sentence,
            "module-level code ran again in each child that imported the main module: prog.py:3 wrote "
            "'Loading model...' (2 more times)");
  EXPECT_NE(causes[0].remedy.find("if __name__ == \"__main__\":"), std::string::npos);
}

TEST(OutputCausesTest, ModuleLevelOutputTheBaselineAlsoPrintedIsNoCause) {
  const json line = {{"stream", "stdout"}, {"file", "/home/u/prog.py"}, {"line", 3}, {"text", "ready"}};
  const json events = {{{"event", "module_level_output"}, {"pid", 5}, {"lines", {line}}}};
  const json base = cell("fork", "ok", "ready\nready\nx\n");
  EXPECT_TRUE(output_causes(cell("spawn", "ok", "ready\nready\ny\n", events), &base).empty());
}

TEST(OutputCausesTest, RecordsNoHandlerTookNameTheParentsConfiguration) {
  const json events = {facts(),
                       {{"event", "unhandled_log"}, {"pid", 7}, {"logger", "w"}, {"level", "INFO"},
                        {"message", "resizing image 0"}, {"file", "/home/u/prog.py"}, {"line", 8}, {"count", 1}},
                       {{"event", "unhandled_log"}, {"pid", 7}, {"logger", "w"}, {"level", "WARNING"},
                        {"message", "odd"}, {"file", "/home/u/prog.py"}, {"line", 10}, {"count", 2}},
                       {{"event", "unhandled_log_count"}, {"pid", 8}, {"count", 7}}};
  const json base = cell("fork", "ok");
  const auto causes = output_causes(cell("spawn", "ok", "", events), &base, "/home/u");
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].kind, "logging_only_in_parent");
  EXPECT_EQ(causes[0].sentence.rfind("9 records logged in children reached no handler (logging is configured only "
                                     "in the parent, at prog.py:51 `logging.basicConfig(level=logging.INFO)`): lost, "
                                     "or printed bare by logging's last resort; the first: INFO 'resizing image 0' "
                                     "at prog.py:8",
                                     0),
            0u)
      << causes[0].sentence;
  EXPECT_NE(causes[0].remedy.find("QueueHandler"), std::string::npos);
}

json child_random(int pid, const std::string& numpy, const std::string& random) {
  return {{"event", "child_random"}, {"pid", pid}, {"numpy", numpy.empty() ? json(nullptr) : json(numpy)}, {"random", random}};
}

TEST(OutputCausesTest, ForkChildrenWithOneNumpyStateAreAHazard) {
  const json events = {facts(), child_random(1, "aa", "r1"), child_random(2, "aa", "r2"), child_random(3, "aa", "r3")};
  const auto hazards = cell_hazards(cell("fork", "ok", "", events), "/home/u");
  ASSERT_EQ(hazards.size(), 1u);
  EXPECT_EQ(hazards[0].kind, "random_state_shared");
  EXPECT_EQ(hazards[0].sentence,
            "3 fork children started with the same NumPy global random state, seeded at prog.py:12 "
            "`np.random.seed(0)`: they draw the same numbers");
  EXPECT_NE(hazards[0].remedy.find("default_rng"), std::string::npos);
}

TEST(OutputCausesTest, ChildrenWithTheirOwnStatesAreNoHazard) {
  const json events = {child_random(1, "aa", "r1"), child_random(2, "bb", "r2")};
  EXPECT_TRUE(cell_hazards(cell("spawn", "ok", "", events)).empty());
}

TEST(OutputCausesTest, UnseededRandomModuleSharedIsNoHazard) {
  // Python 3.6 does not reseed `random` at fork, and the standard library imports it:
  // a program that never seeds it does not rely on it.
  const json events = {child_random(1, "", "r"), child_random(2, "", "r")};
  EXPECT_TRUE(cell_hazards(cell("fork", "ok", "", events)).empty());
  json seeded = events;
  seeded.push_back({{"event", "source_facts"}, {"file", "/p.py"},
                    {"seeds", json::array({{{"call", "random.seed(1)"}, {"line", 5}, {"seeds", "random.seed"}}})}});
  const auto hazards = cell_hazards(cell("fork", "ok", "", seeded));
  ASSERT_EQ(hazards.size(), 1u);
  EXPECT_NE(hazards[0].sentence.find("same `random` module state, seeded at /p.py:5"), std::string::npos);
  EXPECT_NE(hazards[0].remedy.find("random.Random"), std::string::npos);
}

TEST(OutputCausesTest, SharedNumpyStateThatTheProgramNeitherSeedsNorDrawsFromIsNoHazard) {
  // Every fork child shares NumPy's global state; a program using its own
  // default_rng does not draw from it.
  const json events = {child_random(1, "aa", "r1"), child_random(2, "aa", "r2")};
  EXPECT_TRUE(cell_hazards(cell("fork", "ok", "", events)).empty());
  json drawing = events;
  drawing.push_back({{"event", "source_facts"}, {"file", "/p.py"},
                     {"draws", json::array({{{"call", "np.random.rand(3)"}, {"line", 9}, {"draws", "numpy"}}})}});
  const auto hazards = cell_hazards(cell("fork", "ok", "", drawing));
  ASSERT_EQ(hazards.size(), 1u);
  EXPECT_NE(hazards[0].sentence.find("(the parent's, copied into each)"), std::string::npos);
}

TEST(OutputCausesTest, SpawnCellDifferingOnlyInRandomDrawsIsNoBreak) {
  const json shared = {facts(), child_random(1, "aa", "r1"), child_random(2, "aa", "r2")};
  const json own = {child_random(3, "cc", "r3"), child_random(4, "dd", "r4")};
  const json base = cell("fork", "ok", "trial 0 mean -0.0453\ntrial 1 mean -0.0453\n", shared);
  const json spawn = cell("spawn", "ok", "trial 0 mean 0.0121\ntrial 1 mean -0.0032\n", own);
  EXPECT_TRUE(differs_only_in_random_draws(base, spawn));
  const json doc = build_check_document({{"cells", {base, spawn}}}, CheckedProgram{"prog.py", {}, "/home/u"});
  EXPECT_TRUE(doc["breaks"].empty());
  EXPECT_EQ(doc["cells"][1]["status"], "same");
  EXPECT_EQ(doc["cells"][0]["hazards"].size(), 1u);
  EXPECT_EQ(doc["cells"][1]["hazards"].size(), 0u);
}

TEST(OutputCausesTest, OtherWordsAreMoreThanRandomDraws) {
  const json shared = {child_random(1, "aa", "r1"), child_random(2, "aa", "r2")};
  const json own = {child_random(3, "cc", "r3"), child_random(4, "dd", "r4")};
  const json base = cell("fork", "ok", "trial 0 mean 1\n", shared);
  EXPECT_FALSE(differs_only_in_random_draws(base, cell("spawn", "ok", "trial 0 failed\n", own)));
  // The same random states on both sides: numbers that differ are not draws.
  EXPECT_FALSE(differs_only_in_random_draws(base, cell("spawn", "ok", "trial 0 mean 2\n", shared)));
}

TEST(OutputCausesTest, CausesJsonCarriesKindSentenceLinesRemedy) {
  const json j = causes_json({OutputCause{"k", "s", {{"prog.py", 3}}, "r"}});
  EXPECT_EQ(j, json::parse(R"([{"kind":"k","sentence":"s","lines":[{"file":"prog.py","line":3}],"remedy":"r"}])"));
}

}  // namespace
}  // namespace mpc
