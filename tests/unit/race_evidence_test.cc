#include "race_evidence.h"

#include <gtest/gtest.h>

#include "cell_run.h"

namespace mpc {
namespace {

AtFork fork_at(std::vector<ForkThread> threads, std::vector<long> tasks) {
  AtFork f;
  f.pid = 201;
  f.parent_pid = 200;
  f.seq = 1;
  f.forking_native_id = 200;
  f.forking_stack = {{"/usr/lib/python3.11/multiprocessing/popen_fork.py", 66, "_launch"},
                     {"/home/u/app.py", 48, "main"}};
  f.threads = std::move(threads);
  f.parent_tasks = std::move(tasks);
  return f;
}

ForkThread named(const std::string& name, long tid) {
  ForkThread t;
  t.name = name;
  t.native_id = tid;
  t.stack = {{"/home/u/app.py", 20, "report_progress"}};
  return t;
}

TEST(RaceEvidenceTest, AForkWithOnlyTheForkingThreadIsNotBesideThreads) {
  EXPECT_FALSE(forked_beside_threads({fork_at({}, {200})}));
  EXPECT_FALSE(forked_beside_threads({}));
}

TEST(RaceEvidenceTest, ThePythonThreadsAliveAreNamedWithTheForksLine) {
  EXPECT_EQ(forked_beside_threads({fork_at({}, {200}), fork_at({named("progress", 202)}, {200, 202})}),
            "at app.py:48 with thread 'progress' alive");
  EXPECT_EQ(forked_beside_threads({fork_at({named("a", 202), named("b", 203)}, {200, 202, 203})}),
            "at app.py:48 with threads 'a', 'b' alive");
}

TEST(RaceEvidenceTest, TheForksLineIsTheProgramsFrameWithItsFullPath) {
  const auto at = forked_beside_threads_at({fork_at({}, {200}), fork_at({named("progress", 202)}, {200, 202})});
  ASSERT_TRUE(at);
  EXPECT_EQ(at->file, "/home/u/app.py");
  EXPECT_EQ(at->line, 48);
  EXPECT_FALSE(forked_beside_threads_at({fork_at({}, {200})}));
}

TEST(RaceEvidenceTest, ANativePoolsThreadsCountThoughThreadingDoesNotKnowThem) {
  EXPECT_EQ(forked_beside_threads({fork_at({}, {200, 301, 302, 303, 304})}),
            "at app.py:48 with 4 threads Python did not start");
}

CellResult beside_others(TreeEnd end, std::vector<AtFork> forks) {
  CellResult r;
  r.tree.end = end;
  r.at_forks = std::move(forks);
  r.concurrency.cells_beside = 1;
  r.concurrency.slots = 2;
  return r;
}

TEST(RaceEvidenceTest, ACellThatForkedBesideThreadsAndFinishedBesideOthersRunsAgainAlone) {
  const auto why = needs_run_alone(beside_others(TreeEnd::kExited, {fork_at({named("progress", 202)}, {200, 202})}));
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "it forked at app.py:48 with thread 'progress' alive and did not hang beside 1 other cell");
}

TEST(RaceEvidenceTest, NoRunAgainWhenItHungRanAloneHadNoThreadsOrWasInterrupted) {
  const std::vector<AtFork> threaded = {fork_at({named("progress", 202)}, {200, 202})};
  EXPECT_FALSE(needs_run_alone(beside_others(TreeEnd::kDeadlock, threaded)));
  EXPECT_FALSE(needs_run_alone(beside_others(TreeEnd::kDeadline, threaded)));
  EXPECT_FALSE(needs_run_alone(beside_others(TreeEnd::kInterrupted, threaded)));
  EXPECT_FALSE(needs_run_alone(beside_others(TreeEnd::kExited, {fork_at({}, {200})})));
  CellResult alone = beside_others(TreeEnd::kExited, threaded);
  alone.concurrency.cells_beside = 0;  // nothing ran beside it: its run already counts
  EXPECT_FALSE(needs_run_alone(alone));
  alone.concurrency.alone = true;
  EXPECT_FALSE(needs_run_alone(alone));
  // A crash or an exception still forked beside threads and ran beside others.
  EXPECT_TRUE(needs_run_alone(beside_others(TreeEnd::kSignaled, threaded)));
}

}  // namespace
}  // namespace mpc
