// What a case expects of one start method, and the judgement of a cell against it.
// An expectation is a list of rules; the first whose condition holds applies.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "condition.h"
#include "outcome.h"

namespace mpc {

using Observations = std::map<std::string, std::string>;
using ExpectedObservations = std::map<std::string, std::vector<std::string>>;

struct Expected {
  std::vector<Outcome> outcomes;  // any passes; the first is the usual one
  ExpectedObservations observations;
};

struct ExpectRule {
  std::optional<Condition> when;  // none: always applies
  Expected expected;
};

struct MethodExpectation {
  std::vector<ExpectRule> rules;

  // The expectation for a cell with these facts; nullopt when no rule applies.
  std::optional<Expected> resolve(const ConditionFacts& facts) const;
};

struct Judgement {
  Verdict verdict;
  std::string reason;  // why it FAILed, or why it is NEW
};

Judgement judge(const std::optional<Expected>& expected, const Outcome& actual,
                const Observations& observed);

std::string join_outcomes(const std::vector<Outcome>& outcomes, const char* sep = " or ");

}  // namespace mpc
