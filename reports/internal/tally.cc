#include "internal/tally.h"

#include <algorithm>
#include <cmath>
#include <locale>
#include <regex>
#include <sstream>
#include <vector>

#include "internal/json_fields.h"

namespace mpconform::reports {

Tally tally(const nlohmann::json& results) {
  Tally t;
  double cell_seconds = 0;
  const auto& cells = get_field(results, "cells");
  if (cells.is_array()) {
    for (const auto& cell : cells) {
      const std::string verdict = get_string(cell, "verdict");
      ++t.cells;
      t.pass += verdict == "PASS";
      t.fail += verdict == "FAIL";
      t.new_cells += verdict == "NEW";
      cell_seconds += get_number(cell, "duration_s");
      if (get_string(cell, "outcome") == "unsupported") {
        static const std::regex missing("module '([^']+)' is not installed");
        const std::string because = get_string(get_field(cell, "evidence"), "because");
        bool any = false;
        for (std::sregex_iterator m(because.begin(), because.end(), missing), end; m != end; ++m) {
          ++t.missing_modules[(*m)[1]];
          any = true;
        }
        t.missing_module_cells += any;
      }
    }
  }
  const auto& run = get_field(results, "run");
  t.duration_s = get_number(run, "duration_s", cell_seconds);
  t.complete = get_bool(run, "complete", true);
  t.planned = static_cast<int>(get_number(run, "planned_cells", -1));
  return t;
}

std::string interrupted_text(const Tally& t) {
  std::string text = "the run was interrupted";
  if (t.planned >= 0) text += " after " + std::to_string(t.cells) + " of " + std::to_string(t.planned) + " planned cells";
  return text;
}

std::string tally_text(const Tally& t) {
  return std::to_string(t.cells) + " cells: " + std::to_string(t.pass) + " PASS, " +
         std::to_string(t.fail) + " FAIL, " + std::to_string(t.new_cells) + " NEW in " +
         duration_text(t.duration_s);
}

std::string missing_modules_text(const Tally& t) {
  if (t.missing_module_cells == 0) return "";
  std::vector<std::pair<std::string, int>> by_count(t.missing_modules.begin(), t.missing_modules.end());
  std::stable_sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string list;
  for (const auto& [module, n] : by_count) list += (list.empty() ? "" : ", ") + module + " " + std::to_string(n);
  return "left out: " + std::to_string(t.missing_module_cells) +
         (t.missing_module_cells == 1 ? " cell lacks a module it needs (" : " cells lack a module they need (") + list +
         "): install it for that interpreter (the system python's from Debian: sh ci/setup.sh --tests)";
}

std::string duration_text(double seconds) {
  if (!(seconds >= 0)) seconds = 0;  // also catches NaN
  if (seconds < 1) return fixed(seconds, 3) + " s";
  if (seconds < 60) return fixed(seconds, 1) + " s";
  const long whole = std::lround(seconds);
  std::string secs = std::to_string(whole % 60);
  if (secs.size() < 2) secs.insert(0, "0");
  return std::to_string(whole / 60) + " min " + secs + " s";
}

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out.setf(std::ios::fixed);
  out.precision(decimals);
  out << (std::isfinite(value) ? value : 0.0);
  return out.str();
}

}  // namespace mpconform::reports
