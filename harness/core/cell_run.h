// Runs one cell end to end: launch the runner under the supervisor, read what it
// reported, classify the outcome, judge it against the case's expectation.
#pragma once
#include <nlohmann/json.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cell_concurrency.h"
#include "classify.h"
#include "at_fork.h"
#include "expectation.h"
#include "junit_report.h"
#include "cell_limits.h"
#include "plan.h"
#include "suite_pacing.h"
#include "suite_progress.h"
#include "supervisor.h"

namespace mpc {

struct CellContext {
  std::string hooks_dir;
  std::string fixtures_dir;
  std::string scratch_dir;  // a private folder per run; each cell gets one inside
  std::vector<std::string> caller_env;
  size_t output_cap = 1 << 20;
  LimitOverrides limits;  // --limit NAME=VALUE: wins over each case's own limits
  std::string host_os = "linux";
  std::vector<std::string> knobs;  // NAME=VALUE for the case (mpconform_case.knob)
  int stderr_backpressure_ms = 0;
  HoldHungTree hold_hung_tree;     // repro --keep
  // A pytest suite's cells (check): how long each may run, shared by the run's
  // cells; without it a suite's deadline is fixed, as any cell's.
  std::shared_ptr<SuitePacing> suite_pacing;
  // Told as a suite's cell moves on (collected, each test finished), from the
  // cell's scheduler thread.
  std::function<void(const Cell&, const SuiteProgress&)> on_suite_progress;
};

struct CellResult {
  Cell cell;
  Outcome outcome;
  std::string because;  // what decided the outcome
  std::optional<RootCause> root_cause;  // a helper died first; the main's error followed
  Observations observations;
  nlohmann::json observation_log = nlohmann::json::array();
  nlohmann::json marks = nlohmann::json::array();
  std::optional<Expected> expected;
  Judgement judgement{Verdict::kFail, ""};
  std::optional<Expected> documented;  // what the case's source says happens here
  std::optional<bool> claim_holds;     // whether it did; unset without a documented claim
  CellLimits limits;  // what applied to this cell
  TreeRun tree;
  std::optional<PythonException> exception;
  std::vector<PythonException> child_tracebacks;
  nlohmann::json facts = nlohmann::json::object();
  std::string resolved_method;
  std::string harness_error;  // set when the harness, not the case, failed
  std::vector<AtFork> at_forks;   // what the other threads did at each fork
  nlohmann::json forks_counted = nlohmann::json::object();  // pid -> forks, past the snapshots kept
  std::string hang_explanation;   // for a hung tree: why, joined to the fork (hang_explanation.h)
  // What a check cell's hooks reported (check_hooks.py): pickling_failure,
  // method_choice and failed_call events, in order.
  nlohmann::json check_events = nlohmann::json::array();
  // A pytest suite's per-test outcomes, from the cell's own --junitxml file
  // (junit_report.h); unset for anything but a suite.
  std::optional<JunitReport> junit;
  // Its tests as the check hooks streamed them, and the deadlines it had (suites only).
  SuiteProgress suite;
  std::optional<SuiteDeadlines> suite_deadlines;
  CellConcurrency concurrency;  // filled in by the scheduler
};

CellResult run_cell(const Cell& cell, const CellContext& ctx);

// What this process names its cells' cgroups with ("mpconform-PID-"), so leftovers
// of an interrupted run can be found (remove_stale_cgroups).
std::string cgroup_prefix();

// The facts conditions are evaluated against, from the runner's report when it
// gave one, else from what the plan knew.
ConditionFacts condition_facts(const Cell& cell, const nlohmann::json& facts,
                               const std::string& host_os);

}  // namespace mpc
