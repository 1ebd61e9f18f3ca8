#include "hang_probe.h"

#include <gtest/gtest.h>

namespace mpc {
namespace {

using std::chrono::milliseconds;

ThreadSample thread_in(long syscall, std::vector<uint64_t> args, char state = 'S') {
  ThreadSample t;
  t.state = state;
  t.syscall = syscall;
  for (size_t i = 0; i < args.size() && i < 6; ++i) t.args[i] = args[i];
  return t;
}

TEST(HangProbeTest, FutexWithoutTimeoutIsUntimed) {
  EXPECT_EQ(untimed_wait(thread_in(202, {0x7f00, 0x80 /*WAIT|PRIVATE*/, 0, 0})), "futex wait");
  EXPECT_EQ(untimed_wait(thread_in(202, {0x7f00, 0x189 /*WAIT_BITSET|PRIVATE|REALTIME*/, 0, 0})),
            "futex wait");
}

TEST(HangProbeTest, FutexWithTimeoutCanWake) {
  EXPECT_EQ(untimed_wait(thread_in(202, {0x7f00, 0x80, 0, 0x7ffd0000})), "");
}

TEST(HangProbeTest, SleepIsProgressNotAWait) {
  EXPECT_EQ(untimed_wait(thread_in(230 /*clock_nanosleep*/, {0, 0, 0x7ffd0000, 0})), "");
}

TEST(HangProbeTest, PollDependsOnItsTimeout) {
  EXPECT_EQ(untimed_wait(thread_in(7, {0x7ffd0000, 1, 0xffffffff})), "poll without timeout");
  EXPECT_EQ(untimed_wait(thread_in(7, {0x7ffd0000, 1, 5000})), "");
}

TEST(HangProbeTest, RunningThreadIsNotWaiting) {
  EXPECT_EQ(untimed_wait(thread_in(0 /*read*/, {3, 0, 0}, 'R')), "");
}

ProcessSample process_with(std::vector<ThreadSample> threads) {
  ProcessSample p;
  p.pid = 100;
  p.threads = std::move(threads);
  return p;
}

TEST(HangProbeTest, StuckTreeIsCalledOnlyAfterTheQuietWindow) {
  HangProbe probe(milliseconds(1000));
  auto t0 = std::chrono::steady_clock::now();
  std::vector<ProcessSample> tree = {process_with({thread_in(61 /*wait4*/, {}), thread_in(0, {})})};
  EXPECT_FALSE(probe.observe(tree, t0));
  EXPECT_FALSE(probe.observe(tree, t0 + milliseconds(500)));
  EXPECT_TRUE(probe.observe(tree, t0 + milliseconds(1000)));
}

TEST(HangProbeTest, CpuProgressRestartsTheWindow) {
  HangProbe probe(milliseconds(1000));
  auto t0 = std::chrono::steady_clock::now();
  std::vector<ProcessSample> tree = {process_with({thread_in(0, {})})};
  probe.observe(tree, t0);
  tree[0].threads[0].cpu_ticks += 5;
  EXPECT_FALSE(probe.observe(tree, t0 + milliseconds(900)));
  EXPECT_FALSE(probe.observe(tree, t0 + milliseconds(1500)));
  EXPECT_TRUE(probe.observe(tree, t0 + milliseconds(1900)));
}

TEST(HangProbeTest, OneThreadThatCanWakeKeepsTheTreeAlive) {
  HangProbe probe(milliseconds(100));
  auto t0 = std::chrono::steady_clock::now();
  std::vector<ProcessSample> tree = {
      process_with({thread_in(0, {}), thread_in(202, {0, 0x80, 0, 0x7ffd0000})})};
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(probe.observe(tree, t0 + milliseconds(100 * i)));
}

}  // namespace
}  // namespace mpc
