#include "race_prone.h"

#include <algorithm>

#include "cell_run.h"

namespace mpc {

bool race_prone(const Case& kase, const std::string& method, const ConditionFacts& facts) {
  if (std::find(kase.tags.begin(), kase.tags.end(), "intermittent") != kase.tags.end()) return true;
  const MethodExpectation* m = kase.expectation_for(method);
  if (!m) return false;
  const std::optional<Expected> e = m->resolve(facts);
  if (!e || e->outcomes.size() < 2) return false;  // one outcome: always the same, no race
  return std::any_of(e->outcomes.begin(), e->outcomes.end(), [](const Outcome& o) {
    return o.kind == OutcomeKind::kDeadlock || o.kind == OutcomeKind::kTimeout;
  });
}

bool race_prone(const Cell& cell, const std::string& host_os) {
  if (!cell.kase) return false;
  return race_prone(*cell.kase, cell.method, condition_facts(cell, nlohmann::json::object(), host_os));
}

}  // namespace mpc
