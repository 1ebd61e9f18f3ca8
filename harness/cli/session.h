// What `run`, `repro` and `check` share: the catalog and interpreters they plan from, the
// cell context (environment, scratch folder) and the results document they write.
#pragma once
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog.h"
#include "cell_run.h"
#include "interpreter.h"

namespace mpc::cli {

struct Session {
  std::vector<std::string> cases_dirs;
  Catalog catalog;
  std::vector<Interpreter> pythons;
  CellContext ctx;
  std::string started;
  std::chrono::steady_clock::time_point t0;

  ~Session();  // removes the scratch folder
};

// Loads the catalog (printing case errors), selects the interpreters and makes a
// private scratch folder. Throws std::runtime_error with a message for the user.
// With `case_ids` (the --case filter), only those cases are read.
void open_session(Session& s, std::vector<std::string> cases_dirs, bool builtin,
                  const std::vector<std::string>& pythons, const std::vector<std::string>& case_ids = {});

// The same without a catalog: `check` puts its one case, the user's program, in
// s.catalog itself.
void open_session_without_catalog(Session& s, const std::vector<std::string>& pythons);

// Applies `--limit NAME=VALUE` flags to the session's cells; throws
// std::runtime_error naming the bad flag.
void apply_limit_flags(Session& s, const std::vector<std::string>& flags);

struct RunFacts {
  std::vector<std::string> command, methods;
  int jobs = 1;
  size_t planned_cells = 0;
  std::string shard;  // "" when not sharded
};

// The results document (reports/results-schema.md) for these finished cells.
nlohmann::json build_document(const Session& s, const std::vector<CellResult>& results, const RunFacts& facts);

int default_jobs();

}  // namespace mpc::cli
