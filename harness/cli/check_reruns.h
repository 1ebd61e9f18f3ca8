// `check`'s second look: before a cell whose output differs from its baseline's
// is called a break, learn what the program's output does by itself. The
// baseline of each interpreter where some cell has the baseline's outcome but
// other output is run again; then each cell that still differs (beyond what the
// baseline's runs show) is run again too. Extra runs go only where a difference
// needs them: a program whose output never differs costs nothing more. Each rerun
// is kept in its cell's `evidence.reruns` (outcome, exit code, stdout, stderr,
// duration), which output_difference() reads (check_baseline.h).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "plan.h"
#include "session.h"

namespace mpc::cli {

struct RerunStats {
  size_t baselines = 0, cells = 0;  // reruns made of each
  double seconds = 0;               // what they took, wall clock
};

// `doc` is the results document of `cells` (same order); each rerun is made
// `times` times (0: none). Reruns that `stop`
// prevents are left out; the comparison then uses what it has.
RerunStats rerun_where_output_differs(nlohmann::json& doc, const std::vector<Cell>& cells, const Session& session,
                                      int jobs, int times, bool quiet, const std::function<bool()>& stop);

}  // namespace mpc::cli
