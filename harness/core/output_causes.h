// Why a `check` cell prints otherwise than the baseline, and what in a cell is a
// hazard even where it works, read from what the cell's own processes recorded
// (harness/pyhooks/mpconform_check.py: the main module's state at each start and
// in each child that imported it again, what module-level code wrote in children,
// log records no handler took, the random state each child started with) and
// what `ast` read of the program's source. Never from message text. Each cause is
// one entry of one table (output_causes.cc): what it reads, what it says, its remedy.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "check_diagnosis.h"

namespace mpc {

struct OutputCause {
  std::string kind;                // "state_set_at_run_time", "module_level_code_ran_again", ...
  std::string sentence;            // for people, with the program's lines in it
  std::vector<SourcePlace> lines;  // those lines (files relative to cwd)
  std::string remedy;
};

// The causes the evidence of `cell` shows for its differences from `baseline`
// (null: every cause the cell's evidence shows), most specific first. Files under
// `cwd` are named relative to it.
std::vector<OutputCause> output_causes(const nlohmann::json& cell, const nlohmann::json* baseline,
                                       const std::string& cwd = "");

// Hazards of a cell whatever its output: children that start with the same random
// state (a fork copies NumPy's global generator) draw the same numbers.
std::vector<OutputCause> cell_hazards(const nlohmann::json& cell, const std::string& cwd = "");

// The cause to name first for a cell that failed (an exception, an exit status)
// where the evidence shows why a child saw other values than its parent: the
// failure is its consequence. Null when there is none.
const OutputCause* cause_of_failure(const std::vector<OutputCause>& causes, const std::string& outcome);

// Whether `cell` differs from `baseline` only in random numbers drawn: the same
// outcome and exit, output whose lines pair up once numbers are masked, and the
// children of one of the two started with one shared random state.
bool differs_only_in_random_draws(const nlohmann::json& baseline, const nlohmann::json& cell);

// The events of one kind the check hooks recorded in a cell (evidence.check_events,
// objects only: the hooks' JSON is the program's process's word), in their order.
nlohmann::json events_of(const nlohmann::json& cell, const char* kind);

// [{kind, sentence, lines: [{file, line}], remedy}], as check.json writes them.
nlohmann::json causes_json(const std::vector<OutputCause>& causes);

}  // namespace mpc
