// Runs the plan's cells in N slots. Entirely driven by its caller: it hands each
// finished result to `on_done` (from a worker thread, one call at a time).
#pragma once
#include <functional>
#include <vector>

#include "cell_run.h"

namespace mpc {

// How many cells run at once for `requested` slots: one where this run has no
// process ceiling per cell (containment.h), so no cell's bomb harms another.
int effective_jobs(int requested);

// Returns the results in plan order. Cells not started when `stop` turns true are
// left out (the run is then incomplete). A cell for which `runs_alone` says true
// has the machine to itself (run_alone_gate.h); a null `runs_alone` says false
// for every cell. Each result's `concurrency` says what ran beside it.
std::vector<CellResult> run_cells(const std::vector<Cell>& cells, const CellContext& ctx, int jobs,
                                  const std::function<bool(const Cell&)>& runs_alone,
                                  const std::function<void(const CellResult&)>& on_done,
                                  const std::function<bool()>& stop);

}  // namespace mpc
