#include "compare.h"

#include <gtest/gtest.h>

#include "merge.h"
#include "plan.h"

namespace mpc {
namespace {

using nlohmann::json;

json cell(const std::string& kase, const std::string& method, const std::string& python,
          const std::string& outcome, const std::string& resolved = "",
          json expected = json::array()) {
  if (expected.empty()) expected.push_back(outcome);
  return {{"case", kase},
          {"method", method},
          {"exe_mode", "python"},
          {"resolved_method", resolved.empty() ? method : resolved},
          {"python", {{"version", python}, {"executable", "/py/" + python}}},
          {"outcome", outcome},
          {"observations", json::object()},
          {"expected", expected},
          {"verdict", "PASS"},
          {"evidence", {{"facts", {{"os", "linux"}}}, {"exception", nullptr}}}};
}

json doc(std::vector<json> cells) {
  json run = {{"complete", true}, {"methods", {"fork", "spawn", "forkserver", "default"}},
              {"interpreters", json::array()}, {"planned_cells", cells.size()}};
  return {{"schema", 1}, {"run", run}, {"cases", json::object()}, {"cells", cells}};
}

TEST(CompareTest, DefaultMethodFlipIsAChangeWithItsReason) {
  json a = doc({cell("lambda", "default", "3.13.0", "ok", "fork"), cell("lambda", "fork", "3.13.0", "ok")});
  json b = doc({cell("lambda", "default", "3.14.0", "pickling-error", "forkserver"),
                cell("lambda", "fork", "3.14.0", "ok")});
  json cmp = compare_documents(a, b);
  ASSERT_EQ(cmp["changed"].size(), 1u);
  EXPECT_EQ(cmp["changed"][0]["method"], "default");
  EXPECT_EQ(cmp["changed"][0]["reason"], "default method fork -> forkserver");
  EXPECT_EQ(cmp["matched"], 2);
}

TEST(CompareTest, DeclaredIntermittentDifferenceIsListedApart) {
  json a = doc({cell("hang", "fork", "3.13.0", "ok", "", {"ok", "deadlock"})});
  json b = doc({cell("hang", "fork", "3.14.0", "deadlock", "", {"ok", "deadlock"})});
  json cmp = compare_documents(a, b);
  EXPECT_TRUE(cmp["changed"].empty());
  EXPECT_EQ(cmp["intermittent"].size(), 1u);
}

TEST(CompareTest, ObservationChangeIsAChange) {
  json a = doc({cell("g", "spawn", "3.11.2", "ok")});
  json b = doc({cell("g", "spawn", "3.12.1", "ok")});
  b["cells"][0]["observations"] = {{"sees", "import-time"}};
  json cmp = compare_documents(a, b);
  ASSERT_EQ(cmp["changed"].size(), 1u);
  EXPECT_EQ(cmp["changed"][0]["reason"], "observed sees (none) -> import-time");
}

TEST(CompareTest, SameInterpretersAreMatchedPerInterpreter) {
  json a = doc({cell("x", "fork", "3.11.2", "ok"), cell("x", "fork", "3.12.1", "ok")});
  json b = doc({cell("x", "fork", "3.11.2", "ok"), cell("x", "fork", "3.12.1", "deadlock")});
  json cmp = compare_documents(a, b);
  ASSERT_EQ(cmp["changed"].size(), 1u);
  EXPECT_EQ(cmp["changed"][0]["python_b"], "3.12.1");
}

TEST(CompareTest, DifferentSetsOfSeveralInterpretersAreRefused) {
  json a = doc({cell("x", "fork", "3.11.2", "ok"), cell("x", "fork", "3.12.1", "ok")});
  json b = doc({cell("x", "fork", "3.13.0", "ok"), cell("x", "fork", "3.14.0", "ok")});
  EXPECT_THROW(compare_documents(a, b), std::runtime_error);
}

TEST(CompareTest, SplitOrdersInterpretersByVersionNotText) {
  json d = doc({cell("x", "fork", "3.10.13", "ok"), cell("x", "fork", "3.9.18", "ok")});
  auto parts = split_by_interpreter(d);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0]["cells"][0]["python"]["version"], "3.9.18");
}

TEST(MergeTest, ShardsJoinInTheOrderOfAnUnshardedRun) {
  json s1 = doc({cell("a", "fork", "3.11.2", "ok"), cell("a", "forkserver", "3.11.2", "ok")});
  json s2 = doc({cell("a", "spawn", "3.11.2", "ok"), cell("a", "default", "3.11.2", "ok")});
  json m = merge_documents({s2, s1});
  ASSERT_EQ(m["cells"].size(), 4u);
  EXPECT_EQ(m["cells"][0]["method"], "fork");
  EXPECT_EQ(m["cells"][1]["method"], "spawn");
  EXPECT_EQ(m["cells"][3]["method"], "default");
  EXPECT_EQ(m["run"]["counts"]["PASS"], 4);
  EXPECT_EQ(m["run"]["planned_cells"], 4);
}

TEST(MergeTest, IncompleteShardMakesTheMergeIncomplete) {
  json s1 = doc({cell("a", "fork", "3.11.2", "ok")});
  json s2 = doc({cell("a", "spawn", "3.11.2", "ok")});
  s2["run"]["complete"] = false;
  EXPECT_FALSE(merge_documents({s1, s2})["run"]["complete"].get<bool>());
}

TEST(MergeTest, ConflictingDuplicateCellIsRefused) {
  json s1 = doc({cell("a", "fork", "3.11.2", "ok")});
  json s2 = doc({cell("a", "fork", "3.11.2", "deadlock")});
  EXPECT_THROW(merge_documents({s1, s2}), std::runtime_error);
}

TEST(MergeTest, NonResultsDocumentIsRefused) {
  EXPECT_THROW(merge_documents({json{{"schema", 2}}}), std::runtime_error);
}

TEST(ShardTest, ParsesKOverN) {
  EXPECT_EQ(parse_shard("1/2"), std::make_pair(1, 2));
  EXPECT_EQ(parse_shard("3/3"), std::make_pair(3, 3));
  for (const char* bad : {"0/2", "3/2", "1/0", "1", "a/b", "1/2x", "/2", ""})
    EXPECT_THROW(parse_shard(bad), std::runtime_error) << bad;
}

}  // namespace
}  // namespace mpc
