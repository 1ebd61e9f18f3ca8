#include "suite_pacing.h"

#include <algorithm>

namespace mpc {

SuiteDeadlines suite_deadlines(double idle_s, std::optional<double> first_full_s, std::optional<double> user_cap_s) {
  SuiteDeadlines d;
  d.cap_s = user_cap_s     ? *user_cap_s
            : first_full_s ? std::max(kCapFloorS, kCapFactor * *first_full_s)
                           : kCeilingS;
  d.idle_s = std::min(idle_s, d.cap_s);
  return d;
}

SuiteDeadlines SuitePacing::next() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return suite_deadlines(idle_s_, first_full_s_, user_cap_s_);
}

void SuitePacing::finished(double duration_s, bool ran_to_end) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (ran_to_end && !first_full_s_) first_full_s_ = duration_s;
}

}  // namespace mpc
