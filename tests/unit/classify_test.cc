#include "classify.h"

#include <gtest/gtest.h>

#include <cstring>

namespace mpc {
namespace {

PythonException exception(std::string type, std::vector<Frame> frames, std::vector<std::string> mro = {}) {
  PythonException e;
  e.type = std::move(type);
  e.frames = std::move(frames);
  e.mro = std::move(mro);
  return e;
}

const Frame kUserFrame{"/work/cases/x.py", 10, "main"};
const Frame kReductionDump{"/usr/lib/python3.11/multiprocessing/reduction.py", 60, "dump"};
const Frame kSpawnMain{"/usr/lib/python3.11/multiprocessing/spawn.py", 132, "_main"};
const Frame kBootstrapCheck{"/usr/lib/python3.11/multiprocessing/spawn.py", 134,
                            "_check_not_importing_main"};

Observation exited(int code) {
  Observation o;
  o.tree.end = TreeEnd::kExited;
  o.tree.exit_code = code;
  o.channel.started = true;
  return o;
}

TEST(ClassifierTest, LocalObjectIsPicklingError) {
  // 3.11 raises AttributeError for a local object, from inside the pickler.
  auto e = exception("AttributeError", {kUserFrame, kReductionDump});
  EXPECT_EQ(classify_exception(e).str(), "pickling-error");
}

TEST(ClassifierTest, CheckHookFrameIsNotTheInnermost) {
  // Before 3.11 the re-raise in check_hooks.py's ForkingPickler.dump wrapper keeps
  // its frame below the library's.
  auto e = exception("AttributeError", {kUserFrame, kReductionDump, {"mpconform-boot.py", 384, "dump"}});
  EXPECT_EQ(classify_exception(e).str(), "pickling-error");
}

TEST(ClassifierTest, PicklingErrorSubclassIsPicklingError) {
  auto e = exception("MyError", {kUserFrame}, {"MyError", "PicklingError", "Exception"});
  EXPECT_EQ(classify_exception(e).str(), "pickling-error");
}

TEST(ClassifierTest, ChildUnpicklingItsProcessIsPicklingError) {
  EXPECT_EQ(classify_exception(exception("AttributeError", {kSpawnMain})).str(), "pickling-error");
}

TEST(ClassifierTest, AttributeErrorElsewhereIsAnException) {
  EXPECT_EQ(classify_exception(exception("AttributeError", {kUserFrame})).str(),
            "exception:AttributeError");
}

TEST(ClassifierTest, SpawnBootstrapCheckIsBootstrapError) {
  auto e = exception("RuntimeError", {kSpawnMain, kUserFrame, kBootstrapCheck});
  EXPECT_EQ(classify_exception(e).str(), "bootstrap-error");
}

TEST(ClassifierTest, MainExceptionDecides) {
  Observation o = exited(1);
  o.channel.exception = exception("ValueError", {kUserFrame});
  o.child_tracebacks.push_back(exception("KeyError", {kUserFrame}));
  EXPECT_EQ(classify(o).outcome.str(), "exception:ValueError");
}

TEST(ClassifierTest, ChildTracebackDecidesWhenMainExitsZero) {
  Observation o = exited(0);
  o.child_tracebacks.push_back(exception("RuntimeError", {kSpawnMain, kBootstrapCheck}));
  EXPECT_EQ(classify(o).outcome.str(), "bootstrap-error");
}

TEST(ClassifierTest, NonZeroExitWithoutExceptionIsExitCode) {
  EXPECT_EQ(classify(exited(3)).outcome.str(), "exit:3");
}

TEST(ClassifierTest, CleanExitIsOk) { EXPECT_EQ(classify(exited(0)).outcome.str(), "ok"); }

TEST(ClassifierTest, ChildKilledBySignalIsCrash) {
  Observation o;
  o.tree.end = TreeEnd::kSignaled;
  o.tree.signal = 9;
  EXPECT_EQ(classify(o).outcome.str(), "crash:SIGKILL");
}

TEST(ClassifierTest, HangEndingsMapToDeadlockAndTimeout) {
  Observation o;
  o.tree.end = TreeEnd::kDeadlock;
  EXPECT_EQ(classify(o).outcome.str(), "deadlock");
  o.tree.end = TreeEnd::kDeadline;
  EXPECT_EQ(classify(o).outcome.str(), "timeout");
}

TEST(ClassifierTest, RunnerThatNeverStartedIsHarnessError) {
  Observation o = exited(125);
  o.channel.started = false;
  EXPECT_EQ(classify(o).outcome.str(), "harness-error");
}

TEST(ClassifierTest, UnsupportedMethodIsUnsupported) {
  Observation o = exited(0);
  o.channel.started = false;
  o.channel.unsupported = true;
  EXPECT_EQ(classify(o).outcome.str(), "unsupported");
}

// 3.14's forkserver without a main guard: the fork server dies of the bootstrap
// RuntimeError while preloading __main__; start() then gets ConnectionResetError
// in the handshake with it.
const Frame kForkserverMain{"/usr/lib/python3.14/multiprocessing/forkserver.py", 250, "main"};
const Frame kConnectionRecv{"/usr/lib/python3.14/multiprocessing/connection.py", 430, "_recv"};
const std::vector<std::string> kResetMro{"ConnectionResetError", "ConnectionError", "OSError", "Exception"};

TEST(ClassifierTest, HelperThatDiedFirstIsTheRootCause) {
  Observation o = exited(1);
  o.channel.exception = exception("ConnectionResetError", {kUserFrame, kConnectionRecv}, kResetMro);
  o.child_tracebacks = {exception("RuntimeError", {kForkserverMain, kUserFrame, kBootstrapCheck})};
  const Classification c = classify(o);
  EXPECT_EQ(c.outcome.str(), "bootstrap-error");
  ASSERT_TRUE(c.root_cause.has_value());
  EXPECT_EQ(c.root_cause->process, "the fork server");
  EXPECT_EQ(c.root_cause->consequence.str(), "exception:ConnectionResetError");
}

TEST(ClassifierTest, BrokenConnectionWithoutAClassifiedHelperErrorStaysAnException) {
  // The server could not even start (a wrong executable): nothing else to blame.
  Observation o = exited(1);
  o.channel.exception = exception("ConnectionResetError", {kUserFrame, kConnectionRecv}, kResetMro);
  o.child_tracebacks = {exception("ValueError", {kUserFrame})};
  const Classification c = classify(o);
  EXPECT_EQ(c.outcome.str(), "exception:ConnectionResetError");
  EXPECT_FALSE(c.root_cause.has_value());
}

TEST(ClassifierTest, ProgramsOwnErrorIsNotBlamedOnAHelper) {
  // The main raised in its own code, not while talking to a helper.
  Observation o = exited(1);
  o.channel.exception = exception("ConnectionResetError", {kUserFrame}, kResetMro);
  o.child_tracebacks = {exception("RuntimeError", {kForkserverMain, kUserFrame, kBootstrapCheck})};
  EXPECT_EQ(classify(o).outcome.str(), "exception:ConnectionResetError");
}

}  // namespace
}  // namespace mpc

namespace mpc {
namespace {

const char* kPoolWorkerSegfault =
    "Fatal Python error: Segmentation fault\n\nCurrent thread 0x1 (most recent call first):\n"
    "  File \"/home/u/crash.py\", line 17 in work\n"
    "  File \"/usr/lib/python3.11/multiprocessing/pool.py\", line 125 in worker\n\n";

TEST(ClassifierCrashTest, ACrashLoopIsTheWorkersSignalWithTheLoopSaid) {
  Observation o;
  o.tree.end = TreeEnd::kCrashLoop;
  o.tree.signal = 11;
  for (int i = 0; i < 9; ++i) o.tree.crashes.feed(kPoolWorkerSegfault, strlen(kPoolWorkerSegfault));
  const Classification c = classify(o);
  EXPECT_EQ(c.outcome.str(), "crash:SIGSEGV");
  EXPECT_EQ(c.because, "pool workers died of SIGSEGV 9 times, first at crash.py:17; the pool replaced them without end");
  ASSERT_TRUE(c.root_cause);
  EXPECT_EQ(c.root_cause->process, "pool workers");
}

TEST(ClassifierCrashTest, APoolLeftWaitingByCrashedWorkersIsTheirCrash) {
  Observation o;
  o.tree.end = TreeEnd::kDeadlock;
  o.tree.crashes.feed(kPoolWorkerSegfault, strlen(kPoolWorkerSegfault));
  const Classification c = classify(o);
  EXPECT_EQ(c.outcome.str(), "crash:SIGSEGV");
  EXPECT_NE(c.because.find("a pool worker died of SIGSEGV, at crash.py:17; the pool then waited"), std::string::npos)
      << c.because;
  EXPECT_EQ(c.root_cause->consequence.str(), "deadlock");
}

TEST(ClassifierCrashTest, ADeadlockedChildBesideABusyParentSaysWhoWasBusy) {
  Observation o;
  o.tree.end = TreeEnd::kDeadlock;
  o.tree.deadlocked_alone = {{201, "its only thread waits without a timeout on a lock private to the process"}};
  HungProcess main_p, child;
  main_p.pid = 200;
  main_p.role = "main";
  main_p.judgement = "progressing";
  ThreadWait logger;
  logger.tid = 202;
  logger.state = 'R';
  logger.python_stack = "Stack (most recent call first):\n  File \"/home/u/app.py\", line 22 in write_logs\n";
  main_p.threads = {logger};
  child.pid = 201;
  child.role = "child";
  child.judgement = "stuck";
  o.tree.hang = {main_p, child};
  const Classification c = classify(o);
  EXPECT_EQ(c.outcome.str(), "deadlock");
  EXPECT_EQ(c.because,
            "pid 201 (a child process) can never progress: its only thread waits without a timeout on a lock "
            "private to the process, which no thread of another process can release, and it used no CPU for "
            "the quiet window. Still busy beside it: pid 200 (main): thread 202 running at app.py:22; it cannot help, "
            "since a futex private to a process is woken only by that process's own threads");
}

}  // namespace
}  // namespace mpc
