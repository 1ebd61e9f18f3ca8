// render_failures (declared in terminal_matrix.h): the detail under the matrix.
#include "terminal_matrix.h"

#include "internal/cell_view.h"
#include "internal/json_fields.h"
#include "internal/matrix.h"
#include "internal/printable.h"
#include "internal/tail.h"
#include "internal/tally.h"

using namespace mpconform::reports;

namespace {

constexpr std::size_t kStderrLines = 15;
// Also bound bytes: one runaway line must not flood the screen.
constexpr std::size_t kStderrBytes = 8192;

std::string indented(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += prefix + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

// "  name: value", with any further lines of value aligned under the first.
std::string field(const std::string& name, const std::string& value) {
  if (value.empty()) return std::string();
  const std::string text = indented(printable_text(value), std::string(name.size() + 4, ' '));
  return "  " + name + ": " + text.substr(name.size() + 4);
}

std::string failure(const MatrixTable& table, const CellView& cell) {
  std::string out = printable_text("FAIL " + cell.case_id + " [" + cell.method + ", " + table.label + "]") + "\n";
  out += "  " + printable_text(failure_summary(cell)) + "\n";
  out += field("reason", cell.reason);
  out += field("harness error", harness_error_text(cell));
  out += field("exception", exception_text(cell));
  const std::string end = get_string(get_field(*cell.json, "evidence"), "end");
  // "exited" adds nothing to the outcome; a deadlock or deadline does (how long).
  if (!end.empty() && end != "exited") out += field("ended", end + " after " + duration_text(cell.duration_s));
  const std::string stderr_text = printable_text(captured_text(cell, "stderr"));
  if (!stderr_text.empty()) {
    out += "  stderr (last " + std::to_string(kStderrLines) + " lines):\n" +
           indented(tail_bytes(tail_lines(stderr_text, kStderrLines), kStderrBytes), "    ");
  }
  return out;
}

}  // namespace

std::string render_failures(const nlohmann::json& results) {
  std::string out;
  for (const auto& table : build_matrix(results)) {
    for (const auto& case_id : table.cases) {
      for (const auto& method : table.methods) {
        const CellView* cell = table.find(case_id, method);
        if (cell && cell->is_fail()) out += "\n" + failure(table, *cell);
      }
    }
  }
  return out;
}
