// The results document (reports/results-schema.md): built from the cells' results
// and written atomically, so no reader ever sees half of it.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog.h"
#include "cell_run.h"

namespace mpc {

nlohmann::json cell_to_json(const CellResult& r);
nlohmann::json cases_to_json(const Catalog& catalog);

// Counts of cells by verdict: {"cells": N, "PASS": n, "FAIL": n, "NEW": n}.
nlohmann::json count_verdicts(const nlohmann::json& cells);

// Writes `content` to `path` through a temporary file in the same folder and a
// rename, so a reader sees the old file or the new one, never half of one. No
// fsync: it would cost more than a short cell, and a power cut is not our concern.
// Throws std::runtime_error with the path and the reason on failure.
// Removes the temporary files (".NAME.tmp-PID") that a writer killed mid-write
// left in `dir`, when that writer is no longer alive.
void remove_stale_temporaries(const std::string& dir);

void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace mpc
