// Which cells can hang by a race: their hang needs a free core at the right
// instant, so a cell running beside them takes it away and hides the hang (on
// 2 cores, seed 003's program hung 9-11 times in 12 alone, 0 in 16 two at once).
// The scheduler gives these cells the machine to themselves.
#pragma once
#include <string>

#include "case.h"
#include "condition.h"
#include "plan.h"

namespace mpc {

// True when the case's expectation for `method` (resolved against `facts`) lists
// `deadlock` or `timeout` beside another outcome, or the case is tagged
// `intermittent` (then every method of it: the tag says its outcome is a race).
bool race_prone(const Case& kase, const std::string& method, const ConditionFacts& facts);

// The same for a planned cell, with the facts the plan knows (its interpreter's
// version, this OS). A malformed case's cell is not race-prone.
bool race_prone(const Cell& cell, const std::string& host_os);

}  // namespace mpc
