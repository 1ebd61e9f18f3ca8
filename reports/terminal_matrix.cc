#include "terminal_matrix.h"

#include <algorithm>
#include <vector>

#include "internal/cell_view.h"
#include "internal/matrix.h"
#include "internal/printable.h"
#include "internal/tally.h"
#include "internal/utf8.h"

using namespace mpconform::reports;

namespace {

constexpr std::size_t kDefaultWidth = 100;
constexpr std::size_t kGap = 2;
// Columns never shrink below these (or their heading). Case names keep more
// room than cells: a case is only known by its name, while an outcome comes
// from a short vocabulary that reads well from its first letters. At 100
// columns this leaves 17 per method, room for "FAIL deadlock≠ok". Past the
// floors, overflowing the screen is the lesser harm.
constexpr std::size_t kMinCaseWidth = 24;
constexpr std::size_t kMinCellWidth = 12;

constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kRed = "\x1b[31m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kReset = "\x1b[0m";

// Document text on one terminal line: no control characters, no line breaks.
std::string one_line(const std::string& text) {
  std::string out = printable_text(text);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

std::string cell_text(const CellView* cell) {
  if (!cell) return "-";
  if (!cell->is_fail()) return one_line(cell->verdict + " " + cell->outcome);
  if (cell->expected.empty()) return one_line("FAIL " + cell->outcome);
  if (!cell->outcome_expected()) return one_line("FAIL " + cell->outcome + "≠" + expected_text(*cell, "|"));
  std::string text = "FAIL";  // allowed outcome, disallowed observation
  for (const auto& m : observation_mismatches(*cell)) {
    std::string allowed;
    for (const auto& value : m.allowed) allowed += (allowed.empty() ? "" : "|") + value;
    text += " " + m.key + "=" + m.actual + "≠" + allowed;
  }
  return one_line(text == "FAIL" ? "FAIL " + cell->outcome + " (see reason)" : text);
}

const char* verdict_color(const CellView* cell) {
  if (!cell) return nullptr;
  if (cell->verdict == "PASS") return kGreen;
  if (cell->verdict == "FAIL") return kRed;
  return cell->verdict == "NEW" ? kYellow : nullptr;
}

// Narrows the widest columns one step at a time until the row fits the
// screen, so short columns ("PASS ok") keep their room and long ones share
// what is left. No column gets narrower than its floor.
void fit_to_screen(std::vector<std::size_t>& widths, const std::vector<std::size_t>& floors,
                   std::size_t screen_width) {
  std::size_t total = kGap * (widths.size() - 1);
  for (auto w : widths) total += w;
  while (total > screen_width) {
    std::size_t widest = widths.size();
    for (std::size_t i = 0; i < widths.size(); ++i) {
      if (widths[i] > floors[i] && (widest == widths.size() || widths[i] > widths[widest])) widest = i;
    }
    if (widest == widths.size()) break;
    --widths[widest];
    --total;
  }
}

struct Cell {
  std::string text;
  const char* color = nullptr;
};

std::string table_text(const MatrixTable& table, bool color, std::size_t screen_width) {
  std::vector<std::vector<Cell>> rows(1);
  rows[0].push_back({"case"});
  // Plain method names: what default resolved to goes in the title, where it
  // costs no column width.
  for (const auto& method : table.methods) rows[0].push_back({one_line(method)});
  for (const auto& case_id : table.cases) {
    rows.emplace_back().push_back({one_line(case_id)});
    for (const auto& method : table.methods) {
      const CellView* cell = table.find(case_id, method);
      rows.back().push_back({cell_text(cell), verdict_color(cell)});
    }
  }
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i].text));
  }
  // Headings stay whole; cells below them may be cut.
  std::vector<std::size_t> floors{std::min(widths[0], kMinCaseWidth)};
  for (std::size_t i = 1; i < widths.size(); ++i) {
    floors.push_back(std::min(widths[i], std::max(kMinCellWidth, display_width(rows[0][i].text))));
  }
  fit_to_screen(widths, floors, screen_width);

  std::string out = one_line(table.title) + "\n";
  if (!table.default_method.empty()) out.insert(out.size() - 1, "; default is " + one_line(table.default_method));
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string text = fit_width(row[i].text, widths[i]);
      if (i > 0) out += std::string(kGap, ' ');
      out += (color && row[i].color) ? row[i].color + text + kReset : text;
      // Pad after the colour ends; no trailing spaces at the end of a row.
      if (i + 1 < row.size()) out += std::string(widths[i] - display_width(text), ' ');
    }
    out += "\n";
  }
  return out;
}

std::string total_line(const Tally& t, bool color) {
  std::string line = tally_text(t);
  if (!t.complete) {
    const std::string warning = "INCOMPLETE: " + interrupted_text(t);
    line += "; " + (color ? kRed + warning + kReset : warning);
  }
  const std::string left_out = missing_modules_text(t);
  return line + "\n" + (left_out.empty() ? "" : left_out + "\n");
}

}  // namespace

std::string render_terminal_matrix(const nlohmann::json& results, bool color) {
  return render_terminal_matrix(results, color, kDefaultWidth);
}

std::string render_terminal_matrix(const nlohmann::json& results, bool color, std::size_t width) {
  std::string out;
  bool any_fail = false;
  for (const auto& table : build_matrix(results)) {
    out += (out.empty() ? "" : "\n") + table_text(table, color, width);
    for (const auto& [place, cell] : table.cells) any_fail |= cell.is_fail();
  }
  if (any_fail) out += "(FAIL x≠y: got x where y was expected)\n";
  return out + (out.empty() ? "" : "\n") + total_line(tally(results), color);
}
