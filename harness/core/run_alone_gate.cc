#include "run_alone_gate.h"

#include <algorithm>

namespace mpc {

int RunAloneGate::enter(bool alone) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (alone) {
    ++alone_waiting_;
    changed_.wait(lock, [&] { return beside_.empty(); });
    --alone_waiting_;
    alone_running_ = true;
  } else {
    // A waiting alone cell goes first: otherwise two slots taking turns could keep
    // it out for the rest of the run.
    changed_.wait(lock, [&] { return !alone_running_ && alone_waiting_ == 0; });
  }
  const int others = static_cast<int>(beside_.size());
  for (auto& [ticket, most] : beside_) most = std::max(most, others);
  const int ticket = next_ticket_++;
  beside_[ticket] = others;
  return ticket;
}

int RunAloneGate::leave(int ticket) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = beside_.find(ticket);
  const int most = it == beside_.end() ? 0 : it->second;
  if (it != beside_.end()) beside_.erase(it);
  // Only an alone cell runs while alone_running_ is set, so its leaving clears it.
  if (beside_.empty()) alone_running_ = false;
  changed_.notify_all();
  return most;
}

int RunAloneGate::alone_waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return alone_waiting_;
}

}  // namespace mpc
