// A pytest suite's cells compared test by test (`check -m pytest`), from each
// results.json cell's `evidence.pytest_junit` (pytest's own junit file, read by
// junit_report.h), or, where pytest wrote none (the cell hung, or was cut at its
// deadline), from `evidence.pytest_stream`: the outcomes the check hooks streamed
// as each test finished, and the test running at the end. The suite's baseline is
// the cell whose tests pass: of the cells whose junit file was read, the one with
// the fewest failed and error tests, a fork cell first among equals. A cell behaves as the baseline when every test
// has the baseline's outcome there (pytest's exit status 1 for failed tests is not
// itself a break; its output, timings included, is not compared).
#pragma once
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "check_diagnosis.h"

namespace mpc {

// Whether these results cells are a suite's (any has evidence.pytest_junit).
bool is_suite(const nlohmann::json& cells);

// One cell's per-test outcomes, in pytest's words, with why there are none.
struct SuiteCell {
  bool read = false;
  std::string why_not;                          // when !read
  std::vector<std::string> order;               // ids as the junit file lists them
  std::map<std::string, std::string> outcomes;  // id -> passed|failed|error|skipped
  // Read from the stream, pytest having written no junit file: the cell ended
  // before the suite did. The test running then has the outcome kHung (the cell
  // deadlocked), kTimeout (cut at its deadline) or kUnfinished (anything else);
  // tests it never reached have none.
  bool cut_short = false;
  std::string running;              // "" when it ended between tests
  std::optional<size_t> collected;  // tests pytest was to run, when it said
  std::string no_junit;             // why pytest wrote no junit file, when cut short
};
constexpr const char* kHung = "hung";
constexpr const char* kTimeout = "timeout";
constexpr const char* kUnfinished = "unfinished";
SuiteCell suite_cell(const nlohmann::json& cell);

std::optional<size_t> choose_suite_baseline(const nlohmann::json& cells);

// Ids whose outcome in `cell` is not the baseline's (a test only one of them ran
// counts, but not one a cut-short cell never reached), in the baseline's order,
// then those only `cell` ran.
std::vector<std::string> tests_differing(const SuiteCell& baseline, const SuiteCell& cell);

// {passed: N, failed: N, error: N, skipped: N}
nlohmann::json test_counts(const SuiteCell& cell);

// Why `test` failed (or errored) in `cell`: from the check hooks' events the test
// was running for, a pickling failure's culprit, call and remedy; without one,
// pytest's own message, labelled as pytest's (never read for a category).
// `pytest_message` is set to that message either way.
Diagnosis test_diagnosis(const nlohmann::json& cell, const std::string& test, const std::string& cwd,
                         std::string& pytest_message);

}  // namespace mpc
