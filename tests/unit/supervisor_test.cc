#include "supervisor.h"

#include "containment.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace mpc {
namespace {

using std::chrono::milliseconds;

class SupervisorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    become_subreaper();
    char tmpl[] = "/tmp/mpconform-supervisor-test-XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  LaunchSpec shell(const std::string& script) {
    LaunchSpec s;
    s.argv = {"/bin/sh", "-c", script};
    s.env = {"PATH=/usr/bin:/bin", token_};
    s.cwd = dir_;
    s.cell_token = token_;
    s.deadline = milliseconds(10000);
    return s;
  }

  std::vector<pid_t> pids_in(const std::string& file) {
    std::vector<pid_t> pids;
    std::ifstream in(dir_ + "/" + file);
    for (pid_t p; in >> p;) pids.push_back(p);
    return pids;
  }

  static bool alive(pid_t pid) {
    waitpid(pid, nullptr, WNOHANG);  // a zombie of ours counts as gone once reaped
    return kill(pid, 0) == 0;
  }

  std::string dir_;
  std::string token_ = "MPCONFORM_CELL=test-" + std::to_string(getpid());
};

TEST_F(SupervisorTest, ExitCodeIsReported) {
  TreeRun r = run_tree(shell("echo out; echo err >&2; exit 3"));
  EXPECT_EQ(r.end, TreeEnd::kExited);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out.text, "out\n");
  EXPECT_EQ(r.err.text, "err\n");
}

TEST_F(SupervisorTest, DeadlineKillsWholeTree) {
  LaunchSpec s = shell("sleep 100 & echo $! >> pids; sh -c 'sleep 100' & echo $! >> pids; wait");
  s.deadline = milliseconds(700);
  TreeRun r = run_tree(s);
  EXPECT_EQ(r.end, TreeEnd::kDeadline);  // sleeping is progress: a timeout, not a deadlock
  auto pids = pids_in("pids");
  ASSERT_EQ(pids.size(), 2u);
  for (pid_t p : pids) EXPECT_FALSE(alive(p)) << p;
  EXPECT_GE(r.killed, 3);
}

// The shell appends a line to `steps` every 200 ms for about 2 s: with an idle
// window of 600 ms the tree would be cut at 0.6 s without its progress.
LaunchSpec steady_steps(LaunchSpec s, const std::string& dir) {
  s.deadline = milliseconds(600);
  s.deadline_cap = milliseconds(10000);
  const std::string steps = dir + "/steps";
  s.progress = [steps] {
    std::ifstream in(steps);
    size_t n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
  };
  return s;
}

TEST_F(SupervisorTest, ProgressMovesTheDeadlineOn) {
  LaunchSpec s = steady_steps(shell("for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.2; echo $i >> steps; done"), dir_);
  TreeRun r = run_tree(s);
  EXPECT_EQ(r.end, TreeEnd::kExited);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_GT(r.duration_s, 1.5);
  EXPECT_GT(r.deadline_s, 1.5);  // moved on with each step
}

TEST_F(SupervisorTest, QuietSpellEndsATreeThatProgressedBefore) {
  LaunchSpec s = steady_steps(shell("for i in 1 2 3; do sleep 0.2; echo $i >> steps; done; sleep 100"), dir_);
  TreeRun r = run_tree(s);
  EXPECT_EQ(r.end, TreeEnd::kDeadline);
  EXPECT_FALSE(r.deadline_capped);
  EXPECT_GT(r.duration_s, 0.9);  // the third step at ~0.6 s, then 0.6 s idle
  EXPECT_LT(r.duration_s, 3.0);
}

TEST_F(SupervisorTest, CapEndsATreeThatKeepsProgressing) {
  LaunchSpec s = steady_steps(shell("while :; do sleep 0.1; echo . >> steps; done"), dir_);
  s.deadline_cap = milliseconds(1500);
  TreeRun r = run_tree(s);
  EXPECT_EQ(r.end, TreeEnd::kDeadline);
  EXPECT_TRUE(r.deadline_capped);
  EXPECT_GT(r.duration_s, 1.4);
  EXPECT_LT(r.duration_s, 3.0);
}

TEST_F(SupervisorTest, WithoutACapTheDeadlineIsFixedWhateverTheProgress) {
  LaunchSpec s = steady_steps(shell("while :; do sleep 0.1; echo . >> steps; done"), dir_);
  s.deadline_cap = milliseconds(0);
  TreeRun r = run_tree(s);
  EXPECT_EQ(r.end, TreeEnd::kDeadline);
  EXPECT_LT(r.duration_s, 1.5);
}

TEST_F(SupervisorTest, EscapedGrandchildIsKilled) {
  LaunchSpec s = shell("setsid sh -c 'echo $$ > escaped; exec sleep 100' & sleep 0.2; exit 0");
  s.exit_grace = milliseconds(300);
  TreeRun r = run_tree(s);
  EXPECT_EQ(r.end, TreeEnd::kExited);
  auto pids = pids_in("escaped");
  ASSERT_EQ(pids.size(), 1u);
  EXPECT_FALSE(alive(pids[0]));
}

TEST_F(SupervisorTest, OutputCapHolds) {
  LaunchSpec s = shell("head -c 3000000 /dev/zero; echo done >&2");
  s.output_cap = 1 << 20;
  TreeRun r = run_tree(s);
  EXPECT_EQ(r.end, TreeEnd::kExited);
  EXPECT_EQ(r.out.text.size(), 1u << 20);
  EXPECT_EQ(r.out.bytes, 3000000u);
  EXPECT_TRUE(r.out.truncated);
  EXPECT_EQ(r.err.text, "done\n");
  EXPECT_FALSE(r.err.truncated);
}

TEST_F(SupervisorTest, ChildKilledBySignalIsReported) {
  TreeRun r = run_tree(shell("kill -SEGV $$"));
  EXPECT_EQ(r.end, TreeEnd::kSignaled);
  EXPECT_EQ(r.signal, SIGSEGV);
}

TEST_F(SupervisorTest, UntimedPipeReadIsDeadlockLongBeforeDeadline) {
  LaunchSpec s = shell("mkfifo f && exec 3<>f && read line <&3");
  s.deadline = milliseconds(20000);
  const auto t0 = std::chrono::steady_clock::now();
  TreeRun r = run_tree(s);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.end, TreeEnd::kDeadlock);
  EXPECT_LT(took, 10.0);
  ASSERT_FALSE(r.hang.empty());
  ASSERT_FALSE(r.hang[0].threads.empty());
  EXPECT_EQ(r.hang[0].threads[0].wait, "read");
  EXPECT_EQ(r.hang[0].judgement, "stuck");
  EXPECT_GE(r.verdict_s, r.hang_started_s);
}

TEST_F(SupervisorTest, MissingExecutableIsLaunchFailure) {
  LaunchSpec s = shell("");
  s.argv = {"/nonexistent/runner"};
  TreeRun r = run_tree(s);
  EXPECT_EQ(r.end, TreeEnd::kLaunchFailed);
  EXPECT_FALSE(r.launch_error.empty());
}

TEST_F(SupervisorTest, CellGetsOnlyStdioDescriptors) {
  TreeRun r = run_tree(shell("ls /proc/self/fd | sort -n | tr '\\n' ' '"));
  // 0, 1, 2 and the descriptor ls opened to read the folder.
  EXPECT_EQ(r.out.text, "0 1 2 3 ");
}

TEST_F(SupervisorTest, TooManyProcessesEndTheTreeAsAProcessLimit) {
  LaunchSpec spec = shell("for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 30 & done; wait");
  spec.max_processes = 5;
  spec.cgroup_name = "mpconform-" + std::to_string(getpid()) + "-unit";
  const auto started = std::chrono::steady_clock::now();
  TreeRun run = run_tree(spec);
  EXPECT_EQ(run.end, TreeEnd::kLimit);
  EXPECT_EQ(run.limit, "processes");
  EXPECT_NE(run.limit_detail.find("(limit 5)"), std::string::npos) << run.limit_detail;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_GE(run.killed, 1);
}

TEST_F(SupervisorTest, ProgramThatWaitsIsInItsCgroupBeforeItGoesOn) {
  if (!run_containment().cgroup.usable()) GTEST_SKIP() << "no pids cgroup for this user here";
  // What the runner does with --ready-fd N, in a shell: wait for the byte, then look.
  LaunchSpec spec = shell("eval \"read -r byte <&$2\"; grep -c mpconform- /proc/self/cgroup");
  spec.argv.push_back("sh");
  spec.cgroup_name = "mpconform-" + std::to_string(getpid()) + "-ready";
  spec.waits_on_ready_fd = true;
  TreeRun run = run_tree(spec);
  EXPECT_EQ(run.end, TreeEnd::kExited) << run.err.text;
  EXPECT_EQ(run.out.text, run_containment().cgroup.cpu_parent.empty() ? "1\n" : "2\n") << run.err.text;
  EXPECT_EQ(run.containment, run_containment().cgroup.describe());
}

TEST_F(SupervisorTest, ProgramThatEndsBeforeItsReadyByteLeavesTheSupervisorRunning) {
  if (!run_containment().cgroup.usable()) GTEST_SKIP() << "no pids cgroup for this user here";
  // The runner leaves without reading the byte when the case is unsupported here. A
  // shell that exits at once is gone before the move into the cgroup is done, so
  // the byte is written to a pipe nobody reads: that must not raise SIGPIPE, which
  // would end this process (mpconform, with its whole run unreported).
  for (int i = 0; i < 5; ++i) {
    LaunchSpec spec = shell("exit 4");
    spec.cgroup_name = "mpconform-" + std::to_string(getpid()) + "-early-" + std::to_string(i);
    spec.waits_on_ready_fd = true;
    TreeRun run = run_tree(spec);
    EXPECT_EQ(run.end, TreeEnd::kExited) << run.err.text;
    EXPECT_EQ(run.exit_code, 4);
  }
}

TEST_F(SupervisorTest, TreeStartsWithSigpipeAtItsDefaultThoughTheSupervisorIgnoresIt) {
  // mpconform ignores SIGPIPE; a case must not inherit that (a shell would not give it).
  struct sigaction ignore {}, before {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &before);
  TreeRun run = run_tree(shell("grep '^SigIgn' /proc/self/status"));
  sigaction(SIGPIPE, &before, nullptr);
  ASSERT_EQ(run.end, TreeEnd::kExited) << run.err.text;
  const unsigned long ignored = std::strtoul(run.out.text.substr(run.out.text.find(':') + 1).c_str(), nullptr, 16);
  EXPECT_EQ(ignored & (1ul << (SIGPIPE - 1)), 0ul) << run.out.text;
}

TEST_F(SupervisorTest, TreeThatShrankBackIsProbedForHangsAgain) {
  // Nine processes (past half of 10) for half a second, then one stuck in a read:
  // the hang is found by the probe, not left to the deadline.
  LaunchSpec spec = shell("for i in 1 2 3 4 5 6 7 8; do sleep 0.5 & done; wait; "
                          "mkfifo f && exec 3<>f && read line <&3");
  spec.max_processes = 10;
  spec.deadline = milliseconds(20000);
  const auto started = std::chrono::steady_clock::now();
  TreeRun run = run_tree(spec);
  EXPECT_EQ(run.end, TreeEnd::kDeadlock);
  EXPECT_GE(run.peak_processes, 6);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST_F(SupervisorTest, TreeHasItsOwnDevShmWherePermitted) {
  if (run_containment().ipc == PrivateIpcMode::kNone)
    GTEST_SKIP() << "this kernel gives this user no private /dev/shm: " << run_containment().ipc_refused;
  const std::string name = "mpconform-unit-" + std::to_string(getpid());
  // It lives a moment, so the supervisor can see its /dev/shm before it ends.
  TreeRun run = run_tree(shell("sleep 0.3; echo leak > /dev/shm/" + name + " && cat /dev/shm/" + name));
  EXPECT_EQ(run.out.text, "leak\n");
  EXPECT_TRUE(run.private_ipc);
  // What the tree wrote there went with its tmpfs, not into the machine's /dev/shm.
  EXPECT_FALSE(std::filesystem::exists("/dev/shm/" + name));
  std::filesystem::remove("/dev/shm/" + name);
}

TEST_F(SupervisorTest, UserAndFileOwnershipAreTheSameInsideTheTree) {
  // A user's private /dev/shm comes from a user namespace: it maps the user's own
  // ids to themselves, so the case sees who it is and what it owns as outside.
  std::ofstream(dir_ + "/mine") << "x";
  TreeRun run = run_tree(shell("sleep 0.3; id -u; id -g; stat -c %u:%g mine"));
  EXPECT_EQ(run.out.text, std::to_string(getuid()) + "\n" + std::to_string(getgid()) + "\n" +
                              std::to_string(getuid()) + ":" + std::to_string(getgid()) + "\n")
      << run.err.text;
  EXPECT_EQ(run.private_ipc, run_containment().ipc != PrivateIpcMode::kNone);
}

TEST_F(SupervisorTest, OutputPastItsLimitEndsTheTree) {
  LaunchSpec spec = shell("while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done");
  spec.max_output = 1 << 20;
  spec.output_cap = 4096;
  TreeRun run = run_tree(spec);
  EXPECT_EQ(run.end, TreeEnd::kLimit);
  EXPECT_EQ(run.limit, "output");
  EXPECT_GT(run.out.bytes, uint64_t(1) << 20);
  EXPECT_TRUE(run.out.truncated);
  EXPECT_LE(run.out.text.size(), 4096u);
}

TEST_F(SupervisorTest, MemoryPastItsLimitEndsTheTree) {
  // Python is not needed: the shell grows a variable until the limit stops it.
  LaunchSpec spec = shell("x=y; while :; do x=$x$x; done");
  spec.max_memory = 64 << 20;
  TreeRun run = run_tree(spec);
  EXPECT_EQ(run.end, TreeEnd::kLimit);
  EXPECT_EQ(run.limit, "memory");
  EXPECT_GT(run.peak_memory, uint64_t(64) << 20);
}

}  // namespace
}  // namespace mpc
