// Which cells a filter keeps: by case, by tag and by tags left out, and sharding.
#include "plan.h"

#include <gtest/gtest.h>

#include <set>

namespace mpc {
namespace {

Case tagged(const std::string& id, std::vector<std::string> tags) {
  Case c;
  c.id = id;
  c.tags = std::move(tags);
  return c;
}

Catalog three_cases() {
  Catalog catalog;
  catalog.cases = {tagged("a-core", {"pickling"}), tagged("b-torch", {"libraries", "torch"}),
                   tagged("c-grpc", {"libraries", "grpc", "pickling"})};
  return catalog;
}

std::set<std::string> case_ids(const std::vector<Cell>& cells) {
  std::set<std::string> ids;
  for (const auto& c : cells) ids.insert(c.case_id);
  return ids;
}

const std::vector<Interpreter> kOnePython = {{"3.11.2", "/usr/bin/python3.11", "runner", true, ""}};

TEST(Plan, EveryCaseUnderEveryMethodWithoutFilters) {
  const auto cells = make_plan(three_cases(), kOnePython, PlanFilter{});
  EXPECT_EQ(cells.size(), 12u);
}

TEST(Plan, TagKeepsCasesWithAnyOfTheTags) {
  PlanFilter filter;
  filter.tags = {"torch", "grpc"};
  EXPECT_EQ(case_ids(make_plan(three_cases(), kOnePython, filter)),
            (std::set<std::string>{"b-torch", "c-grpc"}));
}

TEST(Plan, SkipTagLeavesOutCasesWithAnyOfTheTags) {
  PlanFilter filter;
  filter.skip_tags = {"libraries"};
  EXPECT_EQ(case_ids(make_plan(three_cases(), kOnePython, filter)), (std::set<std::string>{"a-core"}));
}

TEST(Plan, SkipTagWinsOverTag) {
  PlanFilter filter;
  filter.tags = {"pickling"};
  filter.skip_tags = {"grpc"};
  EXPECT_EQ(case_ids(make_plan(three_cases(), kOnePython, filter)), (std::set<std::string>{"a-core"}));
}

TEST(Plan, MalformedCasesStayWhateverTheTagsSkipped) {
  Catalog catalog = three_cases();
  catalog.errors.push_back({"/cases/broken.py", 0, "bad yaml"});
  PlanFilter filter;
  filter.skip_tags = {"libraries", "pickling"};
  const auto cells = make_plan(catalog, kOnePython, filter);
  EXPECT_EQ(case_ids(cells), (std::set<std::string>{"broken"}));
  EXPECT_EQ(cells.front().kase, nullptr);
}

TEST(Plan, ShardsSplitTheCellsWithoutOverlap) {
  PlanFilter first, second;
  first.shard_index = 1, first.shard_count = 2;
  second.shard_index = 2, second.shard_count = 2;
  EXPECT_EQ(make_plan(three_cases(), kOnePython, first).size() +
                make_plan(three_cases(), kOnePython, second).size(),
            12u);
}

TEST(Plan, UnknownCaseIsAnError) {
  PlanFilter filter;
  filter.case_ids = {"no-such-case"};
  EXPECT_THROW(make_plan(three_cases(), kOnePython, filter), std::runtime_error);
}

}  // namespace
}  // namespace mpc
