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

namespace mpc {
namespace {

using std::chrono::milliseconds;

ThreadSample running(pid_t tid, uint64_t ticks) {
  ThreadSample t;
  t.tid = tid;
  t.state = 'R';
  t.syscall = -1;
  t.cpu_ticks = ticks;
  return t;
}

ThreadSample waiting_forever(pid_t tid) {
  ThreadSample t;
  t.tid = tid;
  t.state = 'S';
  t.syscall = 61;  // wait4
  return t;
}

std::vector<ProcessSample> spin_tree(uint64_t ticks) {
  ProcessSample parent, child;
  parent.pid = 10;
  parent.threads = {waiting_forever(10)};
  child.pid = 11;
  child.threads = {running(11, ticks)};
  return {parent, child};
}

// Feeds 100 ms samples with the CPU clock advancing; returns when the probe
// called the tree stuck, or -1.
int ms_until_stuck(HangProbe& probe, int up_to_ms) {
  const auto t0 = std::chrono::steady_clock::now();
  for (int ms = 0; ms <= up_to_ms; ms += 100)
    if (probe.observe(spin_tree(1000 + ms), t0 + milliseconds(ms))) return ms;
  return -1;
}

TEST(HangProbeSpinTest, SpinningInAnOpenMpRuntimeIsStuckDespiteCpuUse) {
  int samples = 0;
  HangProbe probe(milliseconds(800), [&](const ProcessSample&, const ThreadSample&) {
    ++samples;
    return IpSample{"/usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0", 0x1000u + 997u * samples};
  });
  const int at = ms_until_stuck(probe, 5000);
  EXPECT_GE(at, 800 + 100 * (HangProbe::kSpinSamples - 1));
  EXPECT_LE(at, 800 + 100 * (HangProbe::kSpinSamples + 1));
  EXPECT_EQ(samples, HangProbe::kSpinSamples);
}

TEST(HangProbeSpinTest, ComputingOutsideTheRuntimeIsProgress) {
  int n = 0;
  HangProbe probe(milliseconds(800), [&](const ProcessSample&, const ThreadSample&) {
    // A compute kernel: the instruction pointer wanders over hundreds of bytes.
    return IpSample{"/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so",
                    0x7000u + (++n * 37u) % 600u};
  });
  EXPECT_EQ(ms_until_stuck(probe, 10000), -1);
}

TEST(HangProbeSpinTest, YieldingAtOneInstructionOutsideTheRuntimeIsStuck) {
  // OpenBLAS's OpenMP build after fork: sched_yield in a loop, waiting for a
  // thread that is not there; the stop always lands after the syscall.
  int n = 0;
  HangProbe probe(milliseconds(800), [&](const ProcessSample&, const ThreadSample&) {
    return IpSample{++n % 2 ? "/usr/lib/x86_64-linux-gnu/libc.so.6" : "/usr/lib/x86_64-linux-gnu/libc.so.6",
                    0x7f0000001017u + (n % 3)};
  });
  EXPECT_GT(ms_until_stuck(probe, 5000), 0);
}

TEST(HangProbeSpinTest, OneSampleOutsideTheRuntimeStartsTheCountAgain) {
  int n = 0;
  HangProbe probe(milliseconds(800), [&](const ProcessSample&, const ThreadSample&) {
    return IpSample{++n == 5 ? "/usr/bin/python3.11" : "/usr/lib/libomp.so.5", 0x5000u + 4096u * n};
  });
  const int at = ms_until_stuck(probe, 10000);
  EXPECT_GE(at, 800 + 100 * (HangProbe::kSpinSamples + 4));  // five samples were lost
}

TEST(HangProbeSpinTest, UnknownPlaceIsProgress) {
  HangProbe probe(milliseconds(800), [](const ProcessSample&, const ThreadSample&) { return IpSample{}; });
  EXPECT_EQ(ms_until_stuck(probe, 5000), -1);
}

TEST(HangProbeSpinTest, ShortBurstsAreNeverSampled) {
  int samples = 0;
  HangProbe probe(milliseconds(800), [&](const ProcessSample&, const ThreadSample&) {
    ++samples;
    return IpSample{"/usr/lib/libgomp.so.1", 0x100};
  });
  const auto t0 = std::chrono::steady_clock::now();
  for (int ms = 0; ms <= 700; ms += 100) EXPECT_FALSE(probe.observe(spin_tree(ms), t0 + milliseconds(ms)));
  EXPECT_EQ(samples, 0);
}

TEST(HangProbeSpinTest, ABlockedThreadThatWakesRestartsTheStretch) {
  HangProbe probe(milliseconds(800), [](const ProcessSample&, const ThreadSample&) {
    return IpSample{"/usr/lib/libgomp.so.1", 0x100};
  });
  const auto t0 = std::chrono::steady_clock::now();
  bool called = false;
  for (int ms = 0; ms <= 3000; ms += 100) {
    auto tree = spin_tree(ms);
    tree[0].threads[0].cpu_ticks = ms / 500;  // the parent spends CPU now and then
    called = called || probe.observe(tree, t0 + milliseconds(ms));
  }
  EXPECT_FALSE(called);
}

TEST(HangProbeSpinTest, ASleepingThreadMeansTheTreeCanMove) {
  HangProbe probe(milliseconds(800), [](const ProcessSample&, const ThreadSample&) {
    return IpSample{"/usr/lib/libgomp.so.1", 0x100};
  });
  const auto t0 = std::chrono::steady_clock::now();
  bool called = false;
  for (int ms = 0; ms <= 4000; ms += 100) {
    auto tree = spin_tree(ms);
    ThreadSample sleeper;
    sleeper.tid = 12;
    sleeper.state = 'S';
    sleeper.syscall = 230;  // clock_nanosleep
    tree[0].threads.push_back(sleeper);
    called = called || probe.observe(tree, t0 + milliseconds(ms));
  }
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace mpc
