#include "internal/tally.h"

#include <cmath>
#include <locale>
#include <sstream>

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
