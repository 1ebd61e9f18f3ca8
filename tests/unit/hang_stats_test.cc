#include "hang_stats.h"

#include <gtest/gtest.h>

namespace mpc {
namespace {

TEST(HangStatsTest, WilsonIntervalMatchesKnownValues) {
  // 8 hangs in 20 runs: Wilson 95% is about [0.219, 0.613].
  RateInterval r = wilson_interval(8, 20);
  EXPECT_DOUBLE_EQ(r.rate, 0.4);
  EXPECT_NEAR(r.low, 0.2188, 1e-3);
  EXPECT_NEAR(r.high, 0.6134, 1e-3);
}

TEST(HangStatsTest, ZeroHitsStillBoundsTheRateAboveZero) {
  RateInterval r = wilson_interval(0, 20);
  EXPECT_EQ(r.low, 0.0);
  EXPECT_NEAR(r.high, 0.1611, 1e-3);
}

TEST(HangStatsTest, AllHitsStaysWithinOne) {
  RateInterval r = wilson_interval(20, 20);
  EXPECT_EQ(r.high, 1.0);  // contains the rate exactly, despite rounding
  EXPECT_EQ(wilson_interval(10, 10).high, 1.0);
  EXPECT_NEAR(r.low, 0.8389, 1e-3);
}

TEST(HangStatsTest, NoRunsIsUninformative) {
  RateInterval r = wilson_interval(0, 0);
  EXPECT_EQ(r.low, 0.0);
  EXPECT_EQ(r.high, 1.0);
}

TEST(HangStatsTest, DistributionUsesMeasuredValues) {
  Distribution d = distribution_of({0.5, 0.1, 0.3, 0.2, 0.4});
  EXPECT_EQ(d.count, 5);
  EXPECT_EQ(d.min, 0.1);
  EXPECT_EQ(d.median, 0.3);
  EXPECT_EQ(d.p90, 0.5);
  EXPECT_EQ(d.max, 0.5);
  EXPECT_EQ(distribution_of({}).count, 0);
}

}  // namespace
}  // namespace mpc
