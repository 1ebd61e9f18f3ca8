// Compares two results documents cell by cell: which cells changed outcome (or
// observations) and, from the evidence, a one-line reason why. Used by
// `mpconform compare` and `mpconform run --compare`.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mpc {

// The result, as JSON so every report format can render it:
// {"a": LABEL, "b": LABEL, "matched": N,
//  "changed": [{"case", "method", "exe_mode", "python_a", "python_b", "outcome_a",
//               "outcome_b", "observations_a", "observations_b", "reason"}...],
//  "intermittent": [same shape: differences a case declares it may show],
//  "only_a": [KEY...], "only_b": [KEY...]}
// Cells are matched on (case, method, exe_mode) when each document holds one
// interpreter (comparing versions), and on the interpreter too when both hold the
// same ones (comparing runs or machines). Throws std::runtime_error otherwise.
nlohmann::json compare_documents(const nlohmann::json& a, const nlohmann::json& b);

// One document per interpreter, in version order (to compare neighbours).
std::vector<nlohmann::json> split_by_interpreter(const nlohmann::json& doc);

// The one-line reason a cell changed, from the two cells' evidence.
std::string change_reason(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace mpc
