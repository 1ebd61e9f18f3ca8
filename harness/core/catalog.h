// The catalog: every case found under the case folders, and every file that could
// not be read as a case (each becomes harness-error cells; the rest still runs).
#pragma once
#include <string>
#include <vector>

#include "case.h"

namespace mpc {

struct Catalog {
  std::vector<Case> cases;        // sorted by id
  std::vector<CaseError> errors;  // malformed files, duplicate ids

  const Case* find(const std::string& id) const;
};

// Reads every *.py under each folder (recursively; names starting with '_' are
// helpers, not cases). A folder that does not exist is an error of its own.
Catalog load_catalog(const std::vector<std::string>& dirs);

}  // namespace mpc
