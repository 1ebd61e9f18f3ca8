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
// With `only_ids`, reads only the files that can hold those cases (a case's id is
// its file's name): a run of one case need not parse the other sixty (yaml-cpp
// takes about half a millisecond of CPU per metadata block).
Catalog load_catalog(const std::vector<std::string>& dirs, const std::vector<std::string>& only_ids = {});

}  // namespace mpc
