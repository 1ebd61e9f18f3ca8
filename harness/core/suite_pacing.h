// How long a pytest suite's cell may run (`check -m pytest`). A suite whose tests
// keep finishing is not hung: its cell ends when no test has finished for the idle
// window, at its cap, or when the hang probe finds it deadlocked. The cap comes
// from the first suite cell that ran to its end (check runs cells one at a time,
// fork first, so that is the fork cell, the usual baseline): kCapFactor times its
// duration, at least kCapFloorS. Cells that start before such a cell ended get
// kCeilingS. The user's --timeout, when given, is every cell's cap instead: what
// the user said a cell may take wins over what the harness guessed.
#pragma once
#include <mutex>
#include <optional>

namespace mpc {

constexpr double kCapFactor = 3;
constexpr double kCapFloorS = 60;
constexpr double kCeilingS = 3600;

struct SuiteDeadlines {
  double idle_s = 30;  // no test finished for this long: the cell ends
  double cap_s = kCeilingS;
};

// The deadlines of the next cell, given the duration of the first cell that ran
// to its end (if one has) and the user's own cap (if given). idle_s <= cap_s.
SuiteDeadlines suite_deadlines(double idle_s, std::optional<double> first_full_s, std::optional<double> user_cap_s);

// Shared by the cells of one run (from the scheduler's threads).
class SuitePacing {
 public:
  SuitePacing(double idle_s, std::optional<double> user_cap_s) : idle_s_(idle_s), user_cap_s_(user_cap_s) {}
  SuiteDeadlines next() const;
  // A suite cell ended; `ran_to_end`: pytest exited by itself (not cut, not hung).
  void finished(double duration_s, bool ran_to_end);

 private:
  mutable std::mutex mutex_;
  double idle_s_;
  std::optional<double> user_cap_s_;
  std::optional<double> first_full_s_;
};

}  // namespace mpc
