// A results document's cells laid out as every report shows them: one table
// per interpreter (version, executable, exe mode and emulated OS), a row per case, a column
// per start method in run.methods order.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "internal/cell_view.h"

namespace mpconform::reports {

struct MatrixTable {
  std::string version, executable, exe_mode;
  std::string os_label;  // "macOS (emulated)" under --os; "" for the host's own cells
  // "python 3.11.2 (/usr/bin/python3.11)", with ", exe mode host" added when
  // the document holds more than one exe mode.
  std::string title;
  // "python 3.11.2", with the executable and exe mode added only where needed
  // to tell this table from the others; used to name cells.
  std::string label;
  std::vector<std::string> cases;    // every case in the document, sorted
  std::vector<std::string> methods;  // run.methods, then any others cells name
  // What `default` resolved to, when every default cell of this interpreter
  // agrees (they may not in a merged document); else empty.
  std::string default_method;
  // The methods as column headings, with "default (forkserver)" when
  // default_method is known.
  std::vector<std::string> headings;
  std::map<std::pair<std::string, std::string>, CellView> cells;  // (case, method)

  // The cell, or nullptr where the run has none (interrupted, filtered).
  const CellView* find(const std::string& case_id, const std::string& method) const;
};

// Tables in run.interpreters order. The document must outlive them: each
// CellView points into it.
std::vector<MatrixTable> build_matrix(const nlohmann::json& results);

}  // namespace mpconform::reports
