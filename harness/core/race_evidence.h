// Races found from evidence, not metadata (race_prone.h reads a case's declared
// expectations; a user's own program has none). A cell whose process forked while
// other threads of it were alive can hang by a race that needs a free core at the
// instant of the fork: beside another cell it often does not (on 2 cores a
// fork-after-threads program that hangs 11 times in 12 alone hung 0 times in 16
// two at once). Such a cell that did not hang while others ran is run again alone
// by the scheduler, and that run is its result.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "at_fork.h"

namespace mpc {

struct CellResult;

// The first recorded fork made while other threads of the forking process were
// alive, said in one phrase: "at case.py:15 with thread 'writer' alive" or
// "... with 4 threads Python did not start". nullopt when every fork was made by
// a process with one thread (or none was recorded).
std::optional<std::string> forked_beside_threads(const std::vector<AtFork>& forks);

// Where in the program that fork was made (the innermost frame of the program's
// own code on the forking thread, its full path), for reports that point at the
// line; nullopt when there is no such fork or no frame of the program's.
std::optional<PyFrame> forked_beside_threads_at(const std::vector<AtFork>& forks);

// Why `r`, which ran beside other cells, must run again alone ("it forked at
// case.py:15 with thread 'writer' alive and did not hang"), or nullopt: it ran alone,
// hung, was interrupted, or never forked beside a thread.
std::optional<std::string> needs_run_alone(const CellResult& r);

}  // namespace mpc
