// Runs one cell's process tree and gives back everything it did. The tree gets its
// own process group and a token in its environment; its stdout and stderr are
// captured up to a cap; it ends when its main process exits (then the rest gets a
// short grace), at its deadline (which progress the caller reports pushes back, up
// to a cap), or as soon as the hang probe finds it deadlocked.
// Whatever the ending, nothing the tree started is left running afterwards.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "child_crashes.h"

namespace mpc {

struct LaunchSpec {
  std::vector<std::string> argv;  // argv[0] is the executable's path
  std::vector<std::string> env;   // the whole environment, NAME=VALUE
  std::string cwd;
  std::string cell_token;  // an env entry (NAME=VALUE) unique to this cell
  std::chrono::milliseconds deadline{30000};
  // A tree that shows progress runs past `deadline`: called at each sample, gives
  // how far the tree has got (a pytest suite's tests finished); each time that
  // changes the deadline moves to `deadline` from now, never past `deadline_cap`
  // after launch. Unset (or a cap not past `deadline`): the deadline is fixed.
  std::function<size_t()> progress;
  std::chrono::milliseconds deadline_cap{0};
  std::chrono::milliseconds hang_quiet{800};    // stuck this long: deadlock
  std::chrono::milliseconds exit_grace{2000};   // for the rest after main exits
  size_t output_cap = 1 << 20;                  // per stream
  // Limits (cell_limits.h): past any of them the tree is stopped and the end is kLimit.
  int max_processes = 256;                      // live processes at once
  uint64_t max_memory = uint64_t(4) << 30;      // PSS of the whole tree, bytes
  uint64_t max_output = uint64_t(64) << 20;     // stdout and stderr together, bytes
  // Give the tree its own pids cgroup (named this) where the run's containment
  // (containment.h) has a cgroup site.
  std::string cgroup_name;
  // The program takes `--ready-fd N` (appended to argv) and runs nothing of the
  // case's before a byte arrives there (the runner does): it is then moved into its
  // cgroup while it starts, not made to wait for the move before exec.
  bool waits_on_ready_fd = false;
  // Give the tree private System V IPC and a private /dev/shm (private_ipc.h, in the
  // mode the run's containment found), so shared memory and semaphores it leaves
  // behind vanish with it instead of outliving the cell.
  bool private_ipc = true;
  // Reads the tree's stderr only once per this many ms, through a 4 KiB pipe, so
  // writers block on a full pipe while holding their stream's lock: widens the
  // window for the fork-after-threads race (0: read as fast as it comes).
  int stderr_backpressure_ms = 0;
};

struct TreeRun;
// Called with the evidence of a deadlock while the hung tree is still alive (to
// let a person attach a debugger); the tree is killed when it returns.
using HoldHungTree = std::function<void(const TreeRun&)>;

struct Captured {
  std::string text;    // at most output_cap bytes, from the start
  uint64_t bytes = 0;  // all that was written
  bool truncated = false;
};

struct ProcessRecord {
  pid_t pid = 0, ppid = 0;
  std::string cmdline;
  std::string role;  // main, child, resource-tracker, forkserver
};

struct ThreadWait {
  pid_t tid = 0;
  std::string name;  // the thread's name, as the kernel knows it
  char state = '?';
  std::string wait;  // why it cannot wake by itself (hang_probe.h), or ""
  std::string wchan;
  long syscall = -2;
  std::string python_stack;  // faulthandler's dump of this thread, if Python
  std::string native_stack;  // gdb's backtrace of this thread (native_stacks.h), if any
  std::string native_where;  // its innermost frame outside libc, and the caller's library
};

// One process of a tree that stopped progressing (or reached its deadline).
struct HungProcess {
  pid_t pid = 0, ppid = 0;
  std::string role, cmdline;
  std::string judgement;  // stuck, waiting on children, idle helper, progressing
  std::vector<ThreadWait> threads;
};

// kInterrupted: the harness was asked to stop (Ctrl-C) before the tree ended.
// kLimit: the tree went past one of its limits (TreeRun::limit says which).
// kCrashLoop: pool workers kept dying of a signal while the main process waited
// (TreeRun::crashes, child_crashes.h); signal is the first one's.
enum class TreeEnd { kExited, kSignaled, kDeadlock, kDeadline, kLaunchFailed, kInterrupted, kLimit, kCrashLoop };
const char* to_string(TreeEnd end);

struct TreeRun {
  TreeEnd end = TreeEnd::kLaunchFailed;
  int exit_code = -1;  // when kExited
  int signal = 0;      // when kSignaled or kCrashLoop
  double duration_s = 0;
  double deadline_s = 0;        // since launch, the deadline the tree had at its end
  bool deadline_capped = false;  // for kDeadline: the cap ended it, not a quiet spell
  Captured out, err;
  std::vector<ProcessRecord> processes;  // every process seen in the tree
  std::vector<HungProcess> hang;  // for kDeadlock, kDeadline, kCrashLoop: every process and thread
  ChildCrashes crashes;           // processes of the tree that died of a fatal signal
  // For kDeadlock: the processes that could never wake whatever the others did
  // (hang_probe.h's waits_on_itself), each with why; empty when the whole tree was stuck.
  std::vector<std::pair<pid_t, std::string>> deadlocked_alone;
  // Processes that deadlocked on their own while nothing waited for them without a
  // timeout (hang_probe.h's deadlocked_unwaited): the tree ran on, and the program
  // may have ended them itself (`gone`: dead when the program ended, before the
  // harness killed anything).
  struct UnwaitedDeadlock {
    pid_t pid = 0, ppid = 0;
    std::string why;
    double since_s = 0;      // since launch, when it was first seen waiting on itself
    double last_seen_s = 0;  // since launch, the last probe that saw it so
    bool gone = false;
  };
  std::vector<UnwaitedDeadlock> deadlocked_unwaited;
  double hang_started_s = -1;     // since launch, when the tree was first seen stuck
  double verdict_s = -1;          // since launch, when the deadlock was called
  int64_t verdict_monotonic_ns = 0;  // CLOCK_MONOTONIC at the verdict
  std::string launch_error;
  int killed = 0;  // processes still alive at the end, and killed
  std::string limit;         // for kLimit: processes, memory or output
  std::string limit_detail;  // what was measured against what limit
  int peak_processes = 0;    // most live processes seen at once
  uint64_t peak_memory = 0;  // most PSS seen over the tree at once, bytes
  uint64_t forks_refused = 0;  // forks the pids cgroup refused
  // How the process limit held: "cgroup v2", "cgroup v1", either "(mounted for the
  // run)", "rlimit" (RLIMIT_NPROC) or "counting" (the samples alone).
  std::string containment;
  bool private_ipc = false;  // the tree had its own /dev/shm and IPC namespace
};

// Makes this process the reaper of orphaned descendants (Linux), so a grandchild
// that escapes its parent is still ours to find and kill. Call once, early.
void become_subreaper();

TreeRun run_tree(const LaunchSpec& spec, const HoldHungTree& hold = nullptr);

// Reaps zombie children of this process that no running cell is waiting for.
void reap_strays();

// After the last cell: kills and reaps every process still reparented to this one
// (the subreaper), such as a daemon that left its cell's group, token and cgroup
// behind; no cell is running, so none of them can be anyone's. Returns how many.
int kill_orphans();

}  // namespace mpc
