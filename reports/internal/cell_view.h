// One results.json cell as plain fields, read tolerantly (see json_fields.h),
// and the phrases every report uses to explain it, so the formats agree.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mpconform::reports {

struct CellView {
  std::string case_id, method, resolved_method, exe_mode;
  std::string python_version, python_executable;
  // "macOS (emulated)" for a cell of an emulated OS (`os.label`); "" for the host's.
  std::string os_label;
  std::string outcome, verdict, reason;
  std::vector<std::string> expected;  // empty for NEW
  double duration_s = 0;
  const nlohmann::json* json = nullptr;  // the whole cell, for its evidence

  bool is_fail() const { return verdict == "FAIL"; }
  bool outcome_expected() const;
};

CellView read_cell(const nlohmann::json& cell);

// The allowed outcomes for prose: "ok", "ok or timeout"; empty for NEW.
std::string expected_text(const CellView& cell, const char* separator = " or ");

// An observation whose value the expectation does not allow.
struct ObservationMismatch {
  std::string key, actual;  // actual is "(none)" when it was not reported
  std::vector<std::string> allowed;
};
std::vector<ObservationMismatch> observation_mismatches(const CellView& cell);

// Why a cell failed, in one line: "expected ok, got deadlock", or, when the
// outcome was allowed but an observation was not,
// "expected sees=import-time, got sees=call-time".
std::string failure_summary(const CellView& cell);

// evidence.<stream>.text for "stdout" or "stderr", as captured (raw bytes).
std::string captured_text(const CellView& cell, const char* stream);
// Whether the harness cut that stream at its cap, and how many bytes it had.
bool captured_truncated(const CellView& cell, const char* stream);

// evidence.exception as "Type: message"; empty when there was none.
std::string exception_text(const CellView& cell);

// evidence.hang.explanation: why the tree hung, joined to what the parent's threads
// did at the fork; empty when there is none.
std::string hang_explanation_text(const CellView& cell);

// evidence.harness_error as "file:line: message" (or as given, if a string);
// empty when there was none.
std::string harness_error_text(const CellView& cell);

}  // namespace mpconform::reports
