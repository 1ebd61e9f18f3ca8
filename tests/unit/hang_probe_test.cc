#include "hang_probe.h"

#include <gtest/gtest.h>

#include <sstream>

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

namespace mpc {
namespace {

using std::chrono::milliseconds;

// /proc/PID/task/TID/syscall as read on Debian 12's 3.11 (x86_64): a forked pool
// worker blocked on a threading lock copied held (op 0x189: WAIT_BITSET | PRIVATE |
// CLOCK_REALTIME, no timeout), an idle worker on the pool's SemLock (0x109: shared),
// the parent's GIL wait (0x89 with a timeout) and its result handler's pipe read.
ThreadSample from_proc(pid_t tid, const char* syscall_line, char state = 'S', uint64_t ticks = 0) {
  ThreadSample t;
  t.tid = tid;
  t.state = state;
  t.cpu_ticks = ticks;
  std::istringstream in(syscall_line);
  std::string word;
  in >> word;
  t.syscall = word == "running" ? -1 : std::stol(word);
  for (auto& a : t.args)
    if (in >> word) a = std::stoull(word, nullptr, 16);
  return t;
}

const char* kPrivateLock = "202 0xf4fc730 0x189 0x0 0x0 0x0 0xffffffff 0x7ffd468cc6a0 0x7f1181332f16";
const char* kSharedSemLock = "202 0x7f23ab23a000 0x109 0x0 0x0 0x0 0xffffffff 0x7ffd7ba13120 0x7f23aafb0e96";
const char* kGilWait = "202 0xa5b8f4 0x89 0x0 0x7f1180db68c0 0x0 0xffffffff 0x7f1180db6770 0x7f1181332f16";
const char* kPipeRead = "0 0x13 0x7f11805186b0 0x4 0x7f1180e14d84 0x0 0x0 0x7f117b7fda00 0x7f11813a52ec";

ProcessSample proc(pid_t pid, pid_t ppid, std::vector<ThreadSample> threads) {
  ProcessSample p;
  p.pid = pid;
  p.ppid = ppid;
  p.threads = std::move(threads);
  return p;
}

TEST(PrivateFutexTest, OnlyAnUntimedPrivateFutexWaitCounts) {
  EXPECT_TRUE(waits_on_private_futex(from_proc(1, kPrivateLock)));
  EXPECT_FALSE(waits_on_private_futex(from_proc(1, kSharedSemLock)));
  EXPECT_FALSE(waits_on_private_futex(from_proc(1, kGilWait)));  // timed
  EXPECT_FALSE(waits_on_private_futex(from_proc(1, kPipeRead)));
  EXPECT_FALSE(waits_on_private_futex(from_proc(1, "running", 'R')));
}

TEST(PrivateFutexTest, AWorkerOnAPrivateLockWaitsOnItselfAnIdleOneDoesNot) {
  EXPECT_NE(waits_on_itself(proc(11, 10, {from_proc(11, kPrivateLock)})), "");
  EXPECT_EQ(waits_on_itself(proc(12, 10, {from_proc(12, kSharedSemLock)})), "");
  EXPECT_EQ(waits_on_itself(proc(13, 10, {from_proc(13, kPipeRead)})), "");
  // One thread that another process can wake (a pipe) is enough to hope.
  EXPECT_EQ(waits_on_itself(proc(14, 10, {from_proc(14, kPrivateLock), from_proc(15, kPipeRead)})), "");
}

TEST(PrivateFutexTest, AProcessHandlingSignalsCanBeWokenByAnother) {
  ProcessSample p = proc(11, 10, {from_proc(11, kPrivateLock)});
  p.signals_caught = uint64_t(1) << (2 - 1);  // SIGINT: Python's default handler only
  EXPECT_NE(waits_on_itself(p), "");
  p.signals_caught |= uint64_t(1) << (15 - 1);  // its own SIGTERM handler
  EXPECT_EQ(waits_on_itself(p), "");
}

// The parent of the issue-22 shape: a logging thread that runs for ever, a main
// thread waiting for the pool's results, the pool's result handler on a pipe.
ProcessSample busy_parent(uint64_t ticks) {
  return proc(10, 1, {from_proc(10, kPrivateLock), from_proc(16, "running", 'R', ticks),
                      from_proc(17, kGilWait), from_proc(18, kPipeRead)});
}

// The pool's result pipe (descriptor 0x13 of the parent) is held by its workers.
bool pool_pipe(pid_t reader, long fd, pid_t other) { return reader == 10 && fd == 0x13 && (other == 11 || other == 12); }

TEST(HangProbeAloneTest, AChildDeadlockedBesideABusyParentIsCalledAfterTheQuietWindow) {
  HangProbe probe(milliseconds(800), nullptr, pool_pipe);
  const auto t0 = std::chrono::steady_clock::now();
  int called_at = -1;
  for (int ms = 0; ms <= 3000 && called_at < 0; ms += 100) {
    std::vector<ProcessSample> tree = {busy_parent(1000 + ms), proc(11, 10, {from_proc(11, kPrivateLock, 'S', 7)}),
                                       proc(12, 10, {from_proc(12, kSharedSemLock)})};
    if (probe.observe(tree, t0 + milliseconds(ms))) called_at = ms;
  }
  EXPECT_EQ(called_at, 800);
  ASSERT_EQ(probe.deadlocked_alone().size(), 1u);
  EXPECT_EQ(probe.deadlocked_alone()[0], 11);
}

TEST(HangProbeAloneTest, IdleWorkersBesideABusyParentAreNotDeadlocked) {
  HangProbe probe(milliseconds(800), nullptr, pool_pipe);
  const auto t0 = std::chrono::steady_clock::now();
  for (int ms = 0; ms <= 3000; ms += 100) {
    std::vector<ProcessSample> tree = {busy_parent(1000 + ms), proc(11, 10, {from_proc(11, kPipeRead)}),
                                       proc(12, 10, {from_proc(12, kSharedSemLock)})};
    EXPECT_FALSE(probe.observe(tree, t0 + milliseconds(ms)));
  }
}

TEST(HangProbeAloneTest, CpuSpentByTheChildRestartsItsWindow) {
  HangProbe probe(milliseconds(800), nullptr, pool_pipe);
  const auto t0 = std::chrono::steady_clock::now();
  int called_at = -1;
  for (int ms = 0; ms <= 3000 && called_at < 0; ms += 100) {
    const uint64_t child_ticks = ms < 500 ? ms : 500;  // it ran until 500 ms
    std::vector<ProcessSample> tree = {busy_parent(1000 + ms),
                                       proc(11, 10, {from_proc(11, kPrivateLock, 'S', child_ticks)})};
    if (probe.observe(tree, t0 + milliseconds(ms))) called_at = ms;
  }
  EXPECT_EQ(called_at, 1300);
}

TEST(HangProbeAloneTest, AChildNobodyWaitsForIsLeftToItsDeadline) {
  // Its parent computes (no thread in an untimed wait): the program may never
  // wait for this child, and exit without it.
  HangProbe probe(milliseconds(800), nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  for (int ms = 0; ms <= 3000; ms += 100) {
    std::vector<ProcessSample> tree = {proc(10, 1, {from_proc(10, "running", 'R', 1000 + ms)}),
                                       proc(11, 10, {from_proc(11, kPrivateLock)})};
    EXPECT_FALSE(probe.observe(tree, t0 + milliseconds(ms)));
  }
}

TEST(HangProbeAloneTest, AChildJoinedWithATimeoutIsEvidenceNotAVerdict) {
  // issue 22's hidden hang: request threads join their child with a timeout (a
  // timed poll), the main thread waits on a future (a futex), a logging thread
  // runs. No wait names the child: the program may end it itself, and does.
  HangProbe probe(milliseconds(800), nullptr, pool_pipe);
  const auto t0 = std::chrono::steady_clock::now();
  for (int ms = 0; ms <= 1500; ms += 100) {
    const ProcessSample parent = proc(10, 1, {from_proc(10, kPrivateLock), from_proc(16, "running", 'R', 1000 + ms),
                                              from_proc(17, "7 0x7f1 0x1 0xbb8 0x0")});
    EXPECT_FALSE(probe.observe({parent, proc(21, 10, {from_proc(21, kPrivateLock)})}, t0 + milliseconds(ms)));
  }
  ASSERT_EQ(probe.deadlocked_unwaited().size(), 1u);
  const auto& d = probe.deadlocked_unwaited().at(21);
  EXPECT_EQ(d.since, t0);
  EXPECT_EQ(d.last_seen, t0 + milliseconds(1500));
  // Gone at the next look: the program terminated it.
  const ProcessSample parent = proc(10, 1, {from_proc(16, "running", 'R', 9000)});
  EXPECT_FALSE(probe.observe({parent}, t0 + milliseconds(1600)));
  EXPECT_LT(probe.deadlocked_unwaited().at(21).last_seen, probe.last_observed());
}

TEST(HangProbeAloneTest, AnUntimedJoinOfTheChildWaitsForIt) {
  const ProcessSample child = proc(21, 10, {from_proc(21, kPrivateLock)});
  EXPECT_TRUE(waits_for_child(proc(10, 1, {from_proc(10, "61 0x15 0x0 0x0 0x0")}), child, pool_pipe));
  EXPECT_TRUE(waits_for_child(proc(10, 1, {from_proc(10, "61 0xffffffff 0x0 0x0 0x0")}), child, pool_pipe));
  EXPECT_FALSE(waits_for_child(proc(10, 1, {from_proc(10, "61 0x16 0x0 0x0 0x0")}), child, pool_pipe));
  EXPECT_FALSE(waits_for_child(proc(10, 1, {from_proc(10, kPipeRead)}), child, pool_pipe));  // not its pipe
  EXPECT_FALSE(waits_for_child(proc(10, 1, {from_proc(10, kPrivateLock)}), child, pool_pipe));
}

TEST(HangProbeAloneTest, AWholeTreeStuckIsSaidAsAWholeTree) {
  HangProbe probe(milliseconds(800), nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  bool called = false;
  for (int ms = 0; ms <= 1000 && !called; ms += 100)
    called = probe.observe({proc(10, 1, {from_proc(10, "61 0xffffffff 0x0 0x0 0x0")}),
                            proc(11, 10, {from_proc(11, kPrivateLock)})},
                           t0 + milliseconds(ms));
  EXPECT_TRUE(called);
  EXPECT_TRUE(probe.deadlocked_alone().empty());
}

}  // namespace
}  // namespace mpc
