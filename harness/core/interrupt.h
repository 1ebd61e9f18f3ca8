// Ctrl-C and SIGTERM, caught in this one place and turned into a flag that the
// scheduler and every supervisor look at; the old handlers come back afterwards.
#pragma once

namespace mpc {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers
  ~InterruptGuard();  // restores the previous ones
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

bool interrupted();
int interrupt_signal();  // the signal that interrupted, or 0

}  // namespace mpc
