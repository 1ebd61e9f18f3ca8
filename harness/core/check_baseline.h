// The baselines of a `check` and what differs from them. Each interpreter has its
// own baseline: the cell where the program works there (outcome ok: exit 0, no
// traceback anywhere), its fork cell first (the method most programs were written
// under on Linux), so one interpreter's hang or missing module never makes another
// interpreter's cells breaks. Every other cell behaves as its baseline does or is
// a break. Output is compared beyond what the program does by itself from run to
// run: where a cell's output differed, the baseline (and the cell) were run again
// (check_reruns.h), and those runs, kept in each cell's `evidence.reruns`, say
// which lines vary (output_variation.h). Cells are results.json cells.
#pragma once
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "output_variation.h"

namespace mpc {

// Which interpreter a cell ran on (its executable), the key of its baseline.
std::string interpreter_of(const nlohmann::json& cell);

// Index in `cells` of the first interpreter's baseline (else any interpreter's);
// nullopt when no cell worked.
std::optional<size_t> choose_baseline(const nlohmann::json& cells);

// Whether a child of the cell deadlocked on its own and the program ended it
// itself (evidence.deadlocked_unwaited, hidden_hang.h): whatever it exited, the
// program did not work there, so such a cell is never a baseline, and a break.
bool hid_a_hang(const nlohmann::json& cell);

// Each interpreter's baseline, by interpreter_of(); an interpreter where no cell
// worked has none. Only the host's own cells are baselines: an emulated OS's cells
// (`--os`) are compared with them.
std::map<std::string, size_t> choose_baselines(const nlohmann::json& cells);

// The cell's run and then its reruns, as lines.
std::vector<RunText> runs_of(const nlohmann::json& cell);

// Output of a cell against the baseline's, as lines: those missing and those
// extra (as multisets: processes may print in any order), and the exit codes
// when they differ, after what varies between runs of either was discounted.
struct OutputDifference {
  std::vector<std::string> stdout_missing, stdout_extra, stderr_missing, stderr_extra;
  std::optional<int> baseline_exit, cell_exit;  // both set when they differ
  // What was compared loosely, and why ("3 lines of stdout vary between runs, compared by shape").
  std::vector<std::string> discounted;
  size_t runs = 0;  // runs of the baseline and the cell compared

  bool empty() const;
  nlohmann::json to_json() const;
  std::string summary() const;  // "2 lines of stdout missing, exit code 0 -> 1"
};

OutputDifference output_difference(const nlohmann::json& baseline, const nlohmann::json& cell);

// Whether `cell` behaves as the baseline: the same outcome, the same output.
bool same_as_baseline(const nlohmann::json& baseline, const nlohmann::json& cell);
// The same, with output_difference(baseline, cell) already computed.
bool same_as_baseline(const nlohmann::json& baseline, const nlohmann::json& cell, const OutputDifference& diff);

}  // namespace mpc
