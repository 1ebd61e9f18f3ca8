// Decides that a process tree can make no more progress: every thread of every
// live process sits in a wait that has no timeout (a futex, a pipe read, waitpid,
// poll(-1)...) and no CPU time was spent, for a whole quiet window. A sleeping or
// timed wait counts as progress, so `time.sleep` and `join(timeout)` never look
// like deadlocks; they run into the deadline and are timeouts instead.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "proc_tree.h"

namespace mpc {

// Why one thread cannot wake by itself, or "" when it can.
std::string untimed_wait(const ThreadSample& t);

// How one process of a stuck tree is waiting: "stuck" (its own threads wait on
// locks or pipes nobody will fill), "waiting on children" (blocked in waitpid or
// on a child's sentinel), "idle helper" (a resource tracker or fork server waiting
// for requests), or "progressing" (a thread runs or waits with a timeout).
std::string judge_process(const ProcessSample& p, const std::string& role);

class HangProbe {
 public:
  explicit HangProbe(std::chrono::milliseconds quiet) : quiet_(quiet) {}

  // Feed one sample of the tree (live processes with details); returns true once
  // the tree has been stuck for the whole quiet window.
  bool observe(const std::vector<ProcessSample>& tree, std::chrono::steady_clock::time_point now);
  // When the current stuck stretch began (meaningful once observe() returned true).
  std::chrono::steady_clock::time_point stuck_since() const { return stuck_since_; }

 private:
  std::chrono::milliseconds quiet_;
  bool stuck_ = false;
  uint64_t ticks_ = 0;
  std::chrono::steady_clock::time_point stuck_since_;
};

}  // namespace mpc
