// The scheduler's gate: cells run side by side, except those that must have the
// machine to themselves (race_prone.h). Such a cell waits until no other cell
// runs, and while it waits or runs no other cell starts, so it cannot wait
// forever behind a stream of others. A cell never holds the gate while waiting
// for it, so the gate cannot deadlock.
//
// It also counts, for each cell, the most other cells that ran beside it at any
// moment, for the cell's evidence (a surprising `ok` is read with it).
#pragma once
#include <condition_variable>
#include <map>
#include <mutex>

namespace mpc {

class RunAloneGate {
 public:
  // Blocks until the cell may start; returns its ticket for leave().
  int enter(bool alone);
  // Ends that cell's turn; returns the most other cells that ran beside it.
  int leave(int ticket);

  // For tests: how many alone cells are waiting to enter.
  int alone_waiting() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int alone_waiting_ = 0;
  bool alone_running_ = false;
  int next_ticket_ = 0;
  std::map<int, int> beside_;  // running cells: ticket -> most others beside it so far
};

}  // namespace mpc
