// What else ran while a cell ran, kept in its evidence (`evidence.concurrency`):
// a race that needs a free core hangs less often beside other trees or on a
// loaded machine, so a surprising `ok` is read with these.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mpc {

struct CellConcurrency {
  bool alone = false;         // no other cell could start while it ran
  std::string alone_because;  // "race-prone", "one slot", or "" when not alone
  int cells_beside = 0;       // the most other cells that ran beside it at any moment
  int slots = 1;              // how many cells the run let run at once
  std::optional<double> load_1min;  // /proc/loadavg's first field at its start
  double waited_s = 0;  // how long it waited for its turn (behind or for an alone cell)
  double wall_s = 0;    // how long it held its slot, hang evidence included
  // Set when it first ran beside other cells and then again alone, that second run
  // being its result (race_evidence.h): why, and what the first run gave.
  std::string rerun_alone_because;
  std::string beside_outcome;
  int beside_cells = 0;
};

// The first field of a /proc/loadavg-style file; nullopt where there is none.
std::optional<double> read_load_1min(const std::string& path = "/proc/loadavg");

nlohmann::json concurrency_json(const CellConcurrency& c);

}  // namespace mpc
