// Decides that a process tree can make no more progress: every thread of every
// live process sits in a wait that has no timeout (a futex, a pipe read, waitpid,
// poll(-1)...) and no CPU time was spent, for a whole quiet window. A sleeping or
// timed wait counts as progress, so `time.sleep` and `join(timeout)` never look
// like deadlocks; they run into the deadline and are timeouts instead.
#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "proc_tree.h"

namespace mpc {

// Why one thread cannot wake by itself, or "" when it can.
std::string untimed_wait(const ThreadSample& t);

// Whether a thread waits, without a timeout, on a futex private to its process
// (FUTEX_PRIVATE_FLAG in the op): the kernel keys such a futex by the process's
// address space, so only a thread of that same process can wake it. Python's
// threading locks are private (sem_t, pshared 0); multiprocessing's SemLocks are
// shared (sem_open), and so are waits on pipes: those another process can end.
bool waits_on_private_futex(const ThreadSample& t);

// Why process `p` can never wake again, whatever the other processes do, or "":
// each of its live threads waits without a timeout on a futex private to it, and
// it handles no signal another process could send to interrupt those waits (only
// SIGINT, the fatal ones faulthandler takes, glibc's own and the harness's stack
// dump signal are allowed). No CPU progress is checked here: HangProbe does that.
std::string waits_on_itself(const ProcessSample& p);

// Whether `parent` waits without a timeout on `child` itself: a thread of it in
// waitpid for that child (or any), or reading a pipe or socket that `child` holds
// open too (a pool's result pipe, a Queue's, a Pipe's end). A join with a timeout,
// a futex or a poll names no child: a child deadlocked beside those is evidence
// (deadlocked_unwaited), not the cell's verdict, for the program may end it itself.
// `holds_same(reader, fd, other)`: whether process `other` holds open the pipe or
// socket that is descriptor `fd` of `reader` (from /proc in real use).
using HoldsSame = std::function<bool(pid_t reader, long fd, pid_t other)>;
HoldsSame holds_same_in_proc();
bool waits_for_child(const ProcessSample& parent, const ProcessSample& child,
                     const HoldsSame& holds_same = holds_same_in_proc());

// How one process of a stuck tree is waiting: "stuck" (its own threads wait on
// locks or pipes nobody will fill), "waiting on children" (blocked in waitpid or
// on a child's sentinel), "idle helper" (a resource tracker or fork server waiting
// for requests), or "progressing" (a thread runs or waits with a timeout).
std::string judge_process(const ProcessSample& p, const std::string& role);

// Where a running thread's instruction pointer is (address and mapped file, file
// "" when unknown); native_stacks.h's where_running() in real use, a fake in tests.
struct IpSample {
  std::string file;
  unsigned long long ip = 0;
};
using WhereRunning = std::function<IpSample(const ProcessSample&, const ThreadSample&)>;
WhereRunning where_running_in_proc();

// A tree is also stuck when the threads that do run only spin inside an OpenMP
// runtime, or yield in a tight loop (a barrier or a flag waiting for threads that
// no longer exist after fork): CPU time alone is not progress. Such threads are
// sampled only after the rest of the tree has been still for the quiet window, so
// a short compute burst costs nothing, and called spinning only when, for
// kSpinSamples samples in a row, every one of them is either always in an OpenMP
// runtime or always within kSpinBytes of code (a spin loop, or the instruction
// after sched_yield's syscall). A computing team has a thread in the computing
// library whose instruction pointer wanders over a kernel's code, and pure Python
// wanders over the interpreter's.
class HangProbe {
 public:
  static constexpr int kSpinSamples = 12;
  static constexpr unsigned long long kSpinBytes = 64;

  explicit HangProbe(std::chrono::milliseconds quiet, WhereRunning where = where_running_in_proc(),
                     HoldsSame holds_same = holds_same_in_proc())
      : quiet_(quiet), where_(std::move(where)), holds_same_(std::move(holds_same)) {}

  // Feed one sample of the tree (live processes with details); returns true once
  // the tree has been stuck for the whole quiet window, or once one process of it
  // that the program waits for has waited on itself (waits_on_itself) without CPU
  // progress for the whole quiet window, whatever the rest of the tree does.
  // "Waited for": the main process, or a process its parent waits for without a
  // timeout (waits_for_child: an untimed join, a pool's result pipe).
  bool observe(const std::vector<ProcessSample>& tree, std::chrono::steady_clock::time_point now);
  // When the current stuck stretch began (meaningful once observe() returned true).
  std::chrono::steady_clock::time_point stuck_since() const { return stuck_since_; }
  // The processes found deadlocked on their own when observe() returned true for
  // them; empty when it was the whole tree.
  const std::vector<pid_t>& deadlocked_alone() const { return alone_; }

  // Processes that waited on themselves (waits_on_itself) without CPU progress for
  // the whole quiet window while nothing waited for them without a timeout: a
  // child joined with a timeout, then terminated by the program, deadlocked all
  // the same; no verdict ends the cell for it, but it is evidence. Kept for the
  // whole run, gone ones included, by pid.
  struct Unwaited {
    pid_t pid = 0, ppid = 0;
    std::string why;  // waits_on_itself's reason
    std::chrono::steady_clock::time_point since, last_seen;
  };
  const std::map<pid_t, Unwaited>& deadlocked_unwaited() const { return unwaited_; }
  // When observe() was last called: an unwaited process last seen before it was gone.
  std::chrono::steady_clock::time_point last_observed() const { return last_observed_; }

 private:
  // Whether the running threads are spinning; false resets the spin stretch.
  bool spinning(const std::vector<ProcessSample>& tree, std::chrono::steady_clock::time_point now);
  // Whether some process waited on itself for the quiet window (fills alone_).
  bool whole_tree_stuck(const std::vector<ProcessSample>& tree, std::chrono::steady_clock::time_point now);
  bool one_deadlocked(const std::vector<ProcessSample>& tree, std::chrono::steady_clock::time_point now);

  std::chrono::milliseconds quiet_;
  WhereRunning where_;
  HoldsSame holds_same_;
  bool stuck_ = false;
  uint64_t ticks_ = 0;
  std::chrono::steady_clock::time_point stuck_since_;
  // The spin stretch: which threads run, since when, the blocked ones' CPU time.
  std::vector<long> spin_tids_;
  std::chrono::steady_clock::time_point spin_since_;
  uint64_t spin_blocked_ticks_ = 0;
  int spin_samples_ = 0;
  struct Spread {
    unsigned long long lo = ~0ull, hi = 0;
    bool in_runtime = true;
  };
  std::map<long, Spread> spin_ips_;  // by tid, over the current stretch
  // Processes waiting on themselves: their CPU time, and since when, by pid.
  struct Still {
    uint64_t ticks = 0;
    std::chrono::steady_clock::time_point since;
  };
  std::map<pid_t, Still> still_;
  std::vector<pid_t> alone_;
  std::chrono::steady_clock::time_point alone_since_;
  std::map<pid_t, Unwaited> unwaited_;
  std::chrono::steady_clock::time_point last_observed_;
};

}  // namespace mpc
