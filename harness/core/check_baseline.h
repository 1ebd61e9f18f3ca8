// The baseline of a `check` and what differs from it. The baseline is the cell
// where the program works (outcome ok: exit 0, no traceback anywhere), a fork cell
// first (the method most programs were written under on Linux); every other cell
// behaves as it does or is a break. Cells are results.json cells.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mpc {

// Index in `cells` of the baseline; nullopt when no cell worked.
std::optional<size_t> choose_baseline(const nlohmann::json& cells);

// Output of a cell against the baseline's, as lines: those missing and those
// extra (as multisets: processes may print in any order), and the exit codes
// when they differ.
struct OutputDifference {
  std::vector<std::string> stdout_missing, stdout_extra, stderr_missing, stderr_extra;
  std::optional<int> baseline_exit, cell_exit;  // both set when they differ

  bool empty() const;
  nlohmann::json to_json() const;
  std::string summary() const;  // "2 lines of stdout missing, exit code 0 -> 1"
};

OutputDifference output_difference(const nlohmann::json& baseline, const nlohmann::json& cell);

// Whether `cell` behaves as the baseline: the same outcome, the same output.
bool same_as_baseline(const nlohmann::json& baseline, const nlohmann::json& cell);

}  // namespace mpc
