// The OS lens's C++ side: which platforms a plan holds, how lens cells are named,
// what environment they get, and which OS their expectations' conditions see.
#include "os_lens.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cell_env.h"
#include "cell_run.h"
#include "condition.h"
#include "plan.h"

namespace mpc {
namespace {

const std::vector<Interpreter> kOnePython = {{"3.11.2", "/usr/bin/python3.11", "runner", true, ""}};

Catalog one_case() {
  Catalog catalog;
  Case c;
  c.id = "qsize";
  catalog.cases = {c};
  return catalog;
}

TEST(OsLens, LinuxAlwaysRunsFirstAndEachLensOnce) {
  EXPECT_EQ(plan_oses({}), std::vector<std::string>({"linux"}));
  EXPECT_EQ(plan_oses({"windows", "macos", "windows", "linux"}),
            std::vector<std::string>({"linux", "windows", "macos"}));
}

TEST(OsLens, UnknownOsNamesTheFlag) {
  try {
    plan_oses({"darwin"});
    FAIL() << "no error for --os darwin";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--os darwin"), std::string::npos);
  }
}

TEST(OsLens, DefaultPlanIsLinuxOnly) {
  const auto cells = make_plan(one_case(), kOnePython, PlanFilter{});
  ASSERT_EQ(cells.size(), 4u);
  for (const auto& c : cells) EXPECT_EQ(c.os, "linux");
}

TEST(OsLens, PlanAddsEveryMethodPerLens) {
  PlanFilter filter;
  filter.oses = plan_oses({"macos", "windows"});
  const auto cells = make_plan(one_case(), kOnePython, filter);
  ASSERT_EQ(cells.size(), 12u);
  EXPECT_EQ(std::count_if(cells.begin(), cells.end(), [](const Cell& c) { return c.os == "windows"; }), 4);
  EXPECT_EQ(cells.front().os, "linux");  // the host's cells first: check's baselines are among them
}

TEST(OsLens, PlatformCasesJoinOnlyARunThatAsksForThem) {
  Catalog catalog = one_case();
  Case lens;
  lens.id = "queue-qsize";
  lens.tags = {"platform", kOsLensTag};
  catalog.cases.push_back(lens);
  EXPECT_EQ(make_plan(catalog, kOnePython, PlanFilter{}).size(), 4u);  // the default matrix does not grow
  PlanFilter with_lens;
  with_lens.oses = plan_oses({"windows"});
  EXPECT_EQ(make_plan(catalog, kOnePython, with_lens).size(), 16u);  // both cases, on linux and windows
  PlanFilter by_id;
  by_id.case_ids = {"queue-qsize"};
  EXPECT_EQ(make_plan(catalog, kOnePython, by_id).size(), 4u);
  PlanFilter by_tag;
  by_tag.tags = {kOsLensTag};
  EXPECT_EQ(make_plan(catalog, kOnePython, by_tag).size(), 4u);
}

TEST(OsLens, LabelSaysEmulatedAndLinuxHasNone) {
  EXPECT_EQ(os_label("macos"), "macOS (emulated)");
  EXPECT_EQ(os_label("windows"), "Windows (emulated)");
  EXPECT_EQ(os_label("linux"), "");
}

TEST(OsLens, ConditionsSeeTheEmulatedOs) {
  Cell cell;
  cell.python = kOnePython[0];
  cell.os = "macos";
  const Condition mac = Condition::Parse("os == \"macos\" and python >= 3.8");
  EXPECT_TRUE(mac.holds(condition_facts(cell, nlohmann::json::object(), "linux")));
  cell.os = "linux";
  EXPECT_FALSE(mac.holds(condition_facts(cell, nlohmann::json::object(), "linux")));
}

TEST(OsLens, EnvironmentNamesTheLensAndItsTmpdir) {
  CellEnvInputs in;
  in.os_lens = "macos";
  in.tmpdir = "/tmp/long/T";
  const auto env = cell_environment({"TMPDIR=/elsewhere", "PATH=/bin"}, in);
  EXPECT_NE(std::find(env.begin(), env.end(), "MPCONFORM_OS=macos"), env.end());
  EXPECT_NE(std::find(env.begin(), env.end(), "TMPDIR=/tmp/long/T"), env.end());
  EXPECT_EQ(std::find(env.begin(), env.end(), "TMPDIR=/elsewhere"), env.end());
}

TEST(OsLens, HostCellsGetNoLensVariable) {
  const auto env = cell_environment({"TMPDIR=/elsewhere"}, CellEnvInputs{});
  EXPECT_EQ(std::count_if(env.begin(), env.end(), [](const std::string& e) { return e.rfind("MPCONFORM_OS=", 0) == 0; }), 0);
  EXPECT_NE(std::find(env.begin(), env.end(), "TMPDIR=/elsewhere"), env.end());
}

}  // namespace
}  // namespace mpc
