#include "internal/matrix.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "internal/json_fields.h"

namespace mpconform::reports {
namespace {

// version, executable, mode, emulated OS ("" for the host's own)
using Key = std::tuple<std::string, std::string, std::string, std::string>;

// Which of two cells for the same place a matrix shows: a merged or repeated
// run may hold both, and a failure must not be hidden behind a pass.
int severity(const CellView& cell) {
  if (cell.verdict == "FAIL") return 3;
  if (cell.verdict == "NEW") return 2;
  return cell.verdict == "PASS" ? 1 : 0;
}

std::vector<std::string> method_order(const nlohmann::json& results,
                                      const std::vector<CellView>& cells) {
  std::vector<std::string> methods = get_strings(get_field(results, "run"), "methods");
  std::set<std::string> extra;
  for (const auto& cell : cells) {
    if (std::find(methods.begin(), methods.end(), cell.method) == methods.end()) extra.insert(cell.method);
  }
  methods.insert(methods.end(), extra.begin(), extra.end());
  return methods;
}

// Position of an interpreter in run.interpreters; unlisted ones go last.
std::size_t listed_position(const nlohmann::json& results, const Key& key) {
  const auto& listed = get_field(get_field(results, "run"), "interpreters");
  std::size_t i = 0;
  if (listed.is_array()) {
    for (const auto& entry : listed) {
      if (get_string(entry, "version") == std::get<0>(key) &&
          get_string(entry, "executable") == std::get<1>(key)) return i;
      ++i;
    }
  }
  return i;
}

std::string resolved_default(const MatrixTable& table) {
  std::set<std::string> resolved;
  for (const auto& [place, cell] : table.cells) {
    if (place.second == "default") resolved.insert(cell.resolved_method);
  }
  return resolved.size() == 1 ? *resolved.begin() : std::string();
}

void name_tables(std::vector<MatrixTable>& tables) {
  std::set<std::string> modes;
  std::map<std::string, std::set<std::string>> executables_by_version;
  for (const auto& t : tables) {
    modes.insert(t.exe_mode);
    executables_by_version[t.version].insert(t.executable);
  }
  for (auto& t : tables) {
    const std::string version = t.version.empty() ? "?" : t.version;
    t.title = "python " + version + (t.executable.empty() ? "" : " (" + t.executable + ")");
    t.label = "python " + version;
    if (executables_by_version[t.version].size() > 1) t.label += " " + t.executable;
    if (modes.size() > 1) {
      t.title += ", exe mode " + t.exe_mode;
      t.label += ", " + t.exe_mode;
    }
    // An emulated platform's table says so wherever it is named (--os).
    if (!t.os_label.empty()) {
      t.title += ", " + t.os_label;
      t.label += ", " + t.os_label;
    }
  }
}

}  // namespace

const CellView* MatrixTable::find(const std::string& case_id, const std::string& method) const {
  auto it = cells.find({case_id, method});
  return it == cells.end() ? nullptr : &it->second;
}

std::vector<MatrixTable> build_matrix(const nlohmann::json& results) {
  std::vector<CellView> cells;
  const auto& cell_array = get_field(results, "cells");
  if (cell_array.is_array()) {
    for (const auto& cell : cell_array) cells.push_back(read_cell(cell));
  }
  const auto methods = method_order(results, cells);
  std::set<std::string> case_ids;
  for (const auto& cell : cells) case_ids.insert(cell.case_id);

  std::vector<Key> order;  // first appearance, then sorted by run.interpreters
  std::map<Key, MatrixTable> by_key;
  for (const auto& cell : cells) {
    Key key{cell.python_version, cell.python_executable, cell.exe_mode, cell.os_label};
    auto [it, added] = by_key.try_emplace(key);
    if (added) order.push_back(key);
    auto [slot, fresh] = it->second.cells.try_emplace({cell.case_id, cell.method}, cell);
    if (!fresh && severity(cell) > severity(slot->second)) slot->second = cell;
  }
  std::stable_sort(order.begin(), order.end(), [&](const Key& a, const Key& b) {
    return listed_position(results, a) < listed_position(results, b);
  });

  std::vector<MatrixTable> tables;
  for (const auto& key : order) {
    MatrixTable table = std::move(by_key[key]);
    std::tie(table.version, table.executable, table.exe_mode, table.os_label) = key;
    table.cases.assign(case_ids.begin(), case_ids.end());
    table.methods = methods;
    table.default_method = resolved_default(table);
    for (const auto& method : methods) {
      const bool resolved = method == "default" && !table.default_method.empty();
      table.headings.push_back(resolved ? method + " (" + table.default_method + ")" : method);
    }
    tables.push_back(std::move(table));
  }
  name_tables(tables);
  return tables;
}

}  // namespace mpconform::reports
