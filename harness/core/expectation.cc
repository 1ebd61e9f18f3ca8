#include "expectation.h"

#include <algorithm>

namespace mpc {

std::optional<Expected> MethodExpectation::resolve(const ConditionFacts& facts) const {
  for (const ExpectRule& rule : rules)
    if (!rule.when || rule.when->holds(facts)) return rule.expected;
  return std::nullopt;
}

std::string join_outcomes(const std::vector<Outcome>& outcomes, const char* sep) {
  std::string s;
  for (size_t i = 0; i < outcomes.size(); ++i) s += (i ? sep : "") + outcomes[i].str();
  return s;
}

Judgement judge(const std::optional<Expected>& expected, const Outcome& actual,
                const Observations& observed) {
  if (!expected) return {Verdict::kNew, "the case declares no expectation for this cell"};
  const auto& allowed = expected->outcomes;
  if (std::find(allowed.begin(), allowed.end(), actual) == allowed.end())
    return {Verdict::kFail, "expected " + join_outcomes(allowed) + ", got " + actual.str()};
  // Observations constrain the usual outcome only: an intermittent alternative
  // (a hang, say) cuts the case short before it can report them.
  if (actual != allowed.front()) return {Verdict::kPass, ""};
  for (const auto& [key, values] : expected->observations) {
    auto seen = observed.find(key);
    if (seen == observed.end())
      return {Verdict::kFail, "observation '" + key + "' was not reported"};
    if (std::find(values.begin(), values.end(), seen->second) == values.end()) {
      std::string want;
      for (size_t i = 0; i < values.size(); ++i) want += (i ? " or " : "") + values[i];
      return {Verdict::kFail,
              "observed " + key + "=" + seen->second + ", expected " + key + "=" + want};
    }
  }
  return {Verdict::kPass, ""};
}

}  // namespace mpc
