#include "internal/cell_view.h"

#include <algorithm>

#include "internal/json_fields.h"

namespace mpconform::reports {
namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

const nlohmann::json& whole(const CellView& cell) {
  static const nlohmann::json null_value;
  return cell.json ? *cell.json : null_value;
}

const nlohmann::json& evidence(const CellView& cell) { return get_field(whole(cell), "evidence"); }

}  // namespace

bool CellView::outcome_expected() const {
  return std::find(expected.begin(), expected.end(), outcome) != expected.end();
}

CellView read_cell(const nlohmann::json& cell) {
  CellView view;
  view.case_id = get_string(cell, "case");
  view.method = get_string(cell, "method");
  view.resolved_method = get_string(cell, "resolved_method");
  view.exe_mode = get_string(cell, "exe_mode");
  view.python_version = get_string(get_field(cell, "python"), "version");
  view.python_executable = get_string(get_field(cell, "python"), "executable");
  view.os_label = get_string(get_field(cell, "os"), "label");
  view.outcome = get_string(cell, "outcome");
  view.verdict = get_string(cell, "verdict");
  view.reason = get_string(cell, "reason");
  view.expected = get_strings(cell, "expected");
  view.duration_s = get_number(cell, "duration_s");
  view.json = &cell;
  return view;
}

std::string expected_text(const CellView& cell, const char* separator) {
  return joined(cell.expected, separator);
}

std::vector<ObservationMismatch> observation_mismatches(const CellView& cell) {
  std::vector<ObservationMismatch> out;
  const auto& wanted = get_field(whole(cell), "expected_observations");
  if (!wanted.is_object()) return out;
  const auto& seen = get_field(whole(cell), "observations");
  for (const auto& [key, allowed_json] : wanted.items()) {
    ObservationMismatch m{key, "(none)", {}};
    if (allowed_json.is_array()) {
      for (const auto& value : allowed_json) m.allowed.push_back(scalar_text(value));
    } else {
      m.allowed.push_back(scalar_text(allowed_json));
    }
    const auto& actual = get_field(seen, key.c_str());
    if (!actual.is_null()) m.actual = scalar_text(actual);
    if (std::find(m.allowed.begin(), m.allowed.end(), m.actual) == m.allowed.end()) {
      out.push_back(std::move(m));
    }
  }
  return out;
}

std::string failure_summary(const CellView& cell) {
  if (cell.expected.empty()) return "got " + cell.outcome + " (no expectation)";
  if (!cell.outcome_expected()) {
    return "expected " + expected_text(cell) + ", got " + cell.outcome;
  }
  const auto mismatches = observation_mismatches(cell);
  if (mismatches.empty()) {
    return "outcome " + cell.outcome + " allowed" + (cell.reason.empty() ? "" : "; " + cell.reason);
  }
  std::string want, got;
  for (const auto& m : mismatches) {
    want += (want.empty() ? "" : ", ") + m.key + "=" + joined(m.allowed, " or ");
    got += (got.empty() ? "" : ", ") + m.key + "=" + m.actual;
  }
  return "expected " + want + ", got " + got;
}

std::string captured_text(const CellView& cell, const char* stream) {
  return get_string(get_field(evidence(cell), stream), "text");
}

bool captured_truncated(const CellView& cell, const char* stream) {
  return get_bool(get_field(evidence(cell), stream), "truncated", false);
}

std::string exception_text(const CellView& cell) {
  const auto& exception = get_field(evidence(cell), "exception");
  const std::string type = get_string(exception, "type");
  const std::string message = get_string(exception, "message");
  if (type.empty()) return message;
  return message.empty() ? type : type + ": " + message;
}

std::string hang_explanation_text(const CellView& cell) {
  return get_string(get_field(evidence(cell), "hang"), "explanation");
}

std::string harness_error_text(const CellView& cell) {
  const auto& error = get_field(evidence(cell), "harness_error");
  if (error.is_string()) return error.get<std::string>();
  if (!error.is_object()) return std::string();
  std::string where = get_string(error, "file");
  const auto& line = get_field(error, "line");
  if (!where.empty() && line.is_number()) where += ":" + scalar_text(line);
  const std::string message = get_string(error, "message");
  return where.empty() ? message : where + ": " + message;
}

}  // namespace mpconform::reports
