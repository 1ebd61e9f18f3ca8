// The output variation model on outputs made by hand: shapes, the words that
// vary, clock times and addresses, counts that vary, and the comparison of a cell
// with its baseline over their reruns (check_baseline.h).
#include <gtest/gtest.h>

#include "check_baseline.h"
#include "output_variation.h"

using nlohmann::json;

namespace mpc {
namespace {

RunText out(std::vector<std::string> lines) { return {std::move(lines), {}, 0}; }

// A results.json cell with its first run's stdout and its reruns' stdouts.
json cell_with_runs(const std::string& method, const std::vector<std::string>& stdouts,
                    const std::string& python = "/usr/bin/python3.11") {
  json reruns = json::array();
  for (size_t i = 1; i < stdouts.size(); ++i)
    reruns.push_back({{"outcome", "ok"}, {"exit_code", 0}, {"stdout", {{"text", stdouts[i]}}}, {"stderr", {{"text", ""}}}});
  return {{"method", method}, {"outcome", "ok"}, {"python", {{"version", "3.11.2"}, {"executable", python}}},
          {"evidence",
           {{"stdout", {{"text", stdouts[0]}}}, {"stderr", {{"text", ""}}}, {"exit_code", 0}, {"reruns", reruns}}}};
}

TEST(LineShapeTest, WordsHoldingDigitsAreBlankedAndBlanksSqueezed) {
  EXPECT_EQ(line_shape("done in 0.1088s (pid 4242)"), "done in # (pid #");
  EXPECT_EQ(line_shape("[2026-12-05   10:50:01] start"), "# # start");
  EXPECT_EQ(line_shape("no digits here"), "no digits here");
  EXPECT_EQ(shape_words("took 3 s at 12:01:02"), (std::vector<std::string>{"3", "12:01:02"}));
}

TEST(OutputVariationTest, OnlyTheWordsThatVariedAreBlanked) {
  const OutputVariation v = learn_variation({out({"worker 4242 saw limit 0.75"}), out({"worker 5151 saw limit 0.75"})});
  EXPECT_EQ(v.out.key("worker 9999 saw limit 0.75"), "worker # saw limit 0.75");
  // The limit did not vary between the runs: a child that saw another differs.
  EXPECT_NE(v.out.key("worker 9999 saw limit 0.0"), v.out.key("worker 4242 saw limit 0.75"));
  EXPECT_TRUE(v.out.some.empty());
}

TEST(OutputVariationTest, ClockTimesAndAddressesNeverCount) {
  const StreamVariation none;
  EXPECT_EQ(none.key("10:50:01 served /index"), none.key("10:51:07 served /index"));
  EXPECT_EQ(none.key("<Job object at 0x7f3a2c1e9d50>"), none.key("<Job object at 0x7f00aa11bb22>"));
  EXPECT_NE(none.key("served 3 pages"), none.key("served 4 pages"));
}

TEST(OutputVariationTest, CountsThatVaryAreComparedAsSome) {
  const OutputVariation v = learn_variation(
      {out({"processing 1", "processing 2", "sum 5"}), out({"processing 2", "sum 5"})});
  EXPECT_EQ(v.out.some.count(v.out.key("processing 1")), 1u);
  EXPECT_EQ(v.out.some.count("sum 5"), 0u);
}

TEST(OutputVariationTest, NothingIsLearnedFromOneRun) {
  const OutputVariation v = learn_variation({out({"a 1"})});
  EXPECT_TRUE(v.out.empty());
  EXPECT_EQ(v.runs, 1u);
}

TEST(CheckRerunsTest, ElapsedTimeIsNoDifferenceOnceTheBaselineRanTwice) {
  const json base = cell_with_runs("fork", {"resized 12 in 0.4101s\nchecksum 77\n", "resized 12 in 0.3977s\nchecksum 77\n"});
  const json spawn = cell_with_runs("spawn", {"resized 12 in 0.5120s\nchecksum 77\n"});
  const OutputDifference d = output_difference(base, spawn);
  EXPECT_TRUE(d.empty()) << d.summary();
  EXPECT_EQ(d.discounted.size(), 1u);
  EXPECT_NE(d.discounted[0].find("compared by shape"), std::string::npos);
  // Without the rerun nothing says the time varies.
  EXPECT_FALSE(output_difference(cell_with_runs("fork", {"resized 12 in 0.4101s\n"}),
                                 cell_with_runs("spawn", {"resized 12 in 0.5120s\n"}))
                   .empty());
}

TEST(CheckRerunsTest, AValueThatDiffersInEveryRunIsStillABreak) {
  const json base = cell_with_runs("fork", {"took 0.41s\nchild sees MODE = production\n",
                                            "took 0.39s\nchild sees MODE = production\n"});
  const json spawn = cell_with_runs("spawn", {"took 0.52s\nchild sees MODE = unset\n",
                                              "took 0.50s\nchild sees MODE = unset\n"});
  const OutputDifference d = output_difference(base, spawn);
  EXPECT_EQ(d.stdout_missing, (std::vector<std::string>{"child sees MODE = production"}));
  EXPECT_EQ(d.stdout_extra, (std::vector<std::string>{"child sees MODE = unset"}));
}

TEST(CheckRerunsTest, LostPoolOutputIsNoBreakWhereTheCellsOwnRunsLoseItToo) {
  const json base = cell_with_runs("fork", {"processing 1\nprocessing 2\nsum 5\n", "processing 1\nprocessing 2\nsum 5\n"});
  const json spawn = cell_with_runs("spawn", {"processing 2\nsum 5\n", "processing 1\nprocessing 2\nsum 5\n"});
  EXPECT_TRUE(output_difference(base, spawn).empty()) << output_difference(base, spawn).summary();
  // Lost in every run of the cell, printed in every run of the baseline: a difference.
  const json never = cell_with_runs("spawn", {"sum 5\n", "sum 5\n"});
  EXPECT_EQ(output_difference(base, never).stdout_missing.size(), 2u);
}

TEST(CheckRerunsTest, ARerunThatEndedOtherwiseSaysNothingOfTheOutput) {
  json base = cell_with_runs("fork", {"a 1\n", "a 2\n"});
  base["evidence"]["reruns"][0]["outcome"] = "deadlock";
  EXPECT_EQ(runs_of(base).size(), 1u);
}

TEST(CheckBaselinesTest, EachInterpreterHasItsOwnForkFirst) {
  json cells = {cell_with_runs("fork", {""}, "/py311"), cell_with_runs("spawn", {""}, "/py311"),
                cell_with_runs("fork", {""}, "/py314"), cell_with_runs("spawn", {""}, "/py314")};
  cells[0]["outcome"] = "deadlock";  // a hang on 3.11 does not make 3.14's fork cell its baseline
  const auto b = choose_baselines(cells);
  EXPECT_EQ(b.at("/py311"), 1u);
  EXPECT_EQ(b.at("/py314"), 2u);
  EXPECT_EQ(choose_baseline(cells), 1u);
}

}  // namespace
}  // namespace mpc
