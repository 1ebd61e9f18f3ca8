// Totals of a results document, counted from its cells rather than read from
// run.counts, so they always agree with the rows a report shows, even for a
// merged or hand-edited document.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace mpconform::reports {

struct Tally {
  int cells = 0, pass = 0, fail = 0, new_cells = 0;
  double duration_s = 0;  // run.duration_s, else the sum over cells
  bool complete = true;   // false when run.complete says it was interrupted
  int planned = -1;       // run.planned_cells, when the document has it
  // Cells left `unsupported` because a module the case requires is not installed
  // for its interpreter ("requires module 'torch' is not installed for ..."), and
  // how many cells each missing module left out.
  int missing_module_cells = 0;
  std::map<std::string, int> missing_modules;
};

Tally tally(const nlohmann::json& results);

// "44 cells: 42 PASS, 1 FAIL, 1 NEW in 41.2 s"
std::string tally_text(const Tally& tally);

// "" or "left out: 9 cells lack a module they need (torch 3, grpc 2, numpy 2, ...):
// install it for that interpreter (the system python's from Debian: sh ci/setup.sh --tests)"
std::string missing_modules_text(const Tally& tally);

// "the run was interrupted", with "after 20 of 32 planned cells" when known.
std::string interrupted_text(const Tally& tally);

// "0.118 s", "41.2 s", "3 min 05 s": precise where short, readable where long.
std::string duration_text(double seconds);

// Fixed-point with `decimals` digits and a dot, whatever the C++ locale.
std::string fixed(double value, int decimals);

}  // namespace mpconform::reports
