// How long a pytest suite's cells may run: the idle window, and the cap derived
// from the first cell that ran to its end, or the user's --timeout.
#include <gtest/gtest.h>

#include "suite_pacing.h"

namespace mpc {
namespace {

TEST(SuitePacingTest, BeforeAnyFullRunTheCapIsTheCeiling) {
  const SuiteDeadlines d = suite_deadlines(30, std::nullopt, std::nullopt);
  EXPECT_EQ(d.idle_s, 30);
  EXPECT_EQ(d.cap_s, kCeilingS);
}

TEST(SuitePacingTest, CapIsThreeTimesTheFirstFullRunWithAFloor) {
  EXPECT_EQ(suite_deadlines(30, 100.0, std::nullopt).cap_s, 300);
  EXPECT_EQ(suite_deadlines(30, 5.0, std::nullopt).cap_s, kCapFloorS);
}

TEST(SuitePacingTest, UsersTimeoutIsTheCapAndBoundsTheIdleWindow) {
  EXPECT_EQ(suite_deadlines(30, 100.0, 500.0).cap_s, 500);
  const SuiteDeadlines d = suite_deadlines(30, std::nullopt, 20.0);
  EXPECT_EQ(d.cap_s, 20);
  EXPECT_EQ(d.idle_s, 20);
}

TEST(SuitePacingTest, OnlyTheFirstCellThatRanToItsEndSetsTheCap) {
  SuitePacing pacing(30, std::nullopt);
  pacing.finished(500, /*ran_to_end=*/false);  // hung or cut: says nothing of the suite's length
  EXPECT_EQ(pacing.next().cap_s, kCeilingS);
  pacing.finished(40, true);
  EXPECT_EQ(pacing.next().cap_s, 120);
  pacing.finished(400, true);
  EXPECT_EQ(pacing.next().cap_s, 120);
}

}  // namespace
}  // namespace mpc
