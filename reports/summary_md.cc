#include "summary_md.h"

#include "internal/cell_view.h"
#include "internal/json_fields.h"
#include "internal/markdown_escape.h"
#include "internal/matrix.h"
#include "internal/printable.h"
#include "internal/tail.h"
#include "internal/tally.h"

using namespace mpconform::reports;

namespace {

constexpr std::size_t kStderrLines = 15;

std::string header(const Tally& t) {
  std::string line = tally_text(t);
  // Bold the failures; matched with the comma so "1 FAIL" is not found in "11 FAIL".
  const std::string fails = ", " + std::to_string(t.fail) + " FAIL";
  if (t.fail > 0) line.replace(line.find(fails) + 2, fails.size() - 2, "**" + fails.substr(2) + "**");
  line += t.complete ? "; run complete." : "; **INCOMPLETE**: " + interrupted_text(t) + ".";
  return "## mpconform results\n\n" + line + "\n";
}

std::string cell_text(const CellView* cell) {
  if (!cell) return "-";
  if (!cell->is_fail()) return md_inline(cell->verdict + " " + cell->outcome);
  std::string text = "**FAIL** " + md_inline(cell->outcome);
  if (cell->expected.empty()) return text;
  // An allowed outcome failed on an observation: say which one.
  const std::string why = cell->outcome_expected() ? failure_summary(*cell) : "expected " + expected_text(*cell);
  return text + " (" + md_inline(why) + ")";
}

std::string matrix(const MatrixTable& table) {
  std::string out = "\n### " + md_inline(table.title) + "\n\n| case |";
  for (const auto& heading : table.headings) out += " " + md_inline(heading) + " |";
  out += "\n|---|";
  for (std::size_t i = 0; i < table.headings.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& case_id : table.cases) {
    out += "| " + md_inline(case_id) + " |";
    for (const auto& method : table.methods) out += " " + cell_text(table.find(case_id, method)) + " |";
    out += "\n";
  }
  return out;
}

std::string failure(const MatrixTable& table, const CellView& cell) {
  std::string out = "\n#### " + md_inline(cell.case_id + " · " + cell.method + " · " + table.label) + "\n\n";
  out += "- expected: " + (cell.expected.empty() ? "(none)" : md_inline(expected_text(cell))) + "\n";
  out += "- outcome: " + md_inline(cell.outcome) + "\n";
  out += "- reason: " + md_inline(cell.reason.empty() ? failure_summary(cell) : cell.reason) + "\n";
  if (auto error = harness_error_text(cell); !error.empty()) out += "- harness error: " + md_inline(error) + "\n";
  if (auto exception = exception_text(cell); !exception.empty()) out += "- exception: " + md_inline(exception) + "\n";
  if (auto why = hang_explanation_text(cell); !why.empty()) out += "- why it hangs: " + md_inline(why) + "\n";
  const std::string stderr_text = printable_text(captured_text(cell, "stderr"));
  if (!stderr_text.empty()) {
    out += "\n<details><summary>stderr (last " + std::to_string(kStderrLines) + " lines)</summary>\n\n" +
           md_code_block(tail_lines(stderr_text, kStderrLines)) + "\n</details>\n";
  }
  return out;
}

std::string failures(const std::vector<MatrixTable>& tables) {
  std::string out;
  for (const auto& table : tables) {
    for (const auto& case_id : table.cases) {
      for (const auto& method : table.methods) {
        const CellView* cell = table.find(case_id, method);
        if (cell && cell->is_fail()) out += failure(table, *cell);
      }
    }
  }
  return out.empty() ? out : "\n### Failures\n" + out;
}

// Every hung cell that passed, with why it hangs (the failures say it themselves):
// an expected deadlock is still worth its cause.
std::string hangs_explained(const std::vector<MatrixTable>& tables) {
  std::string out;
  for (const auto& table : tables)
    for (const auto& case_id : table.cases)
      for (const auto& method : table.methods) {
        const CellView* cell = table.find(case_id, method);
        if (!cell || cell->is_fail()) continue;
        const std::string why = hang_explanation_text(*cell);
        if (!why.empty())
          out += "- " + md_inline(cell->case_id + " · " + cell->method + " · " + table.label) + ": " + md_inline(why) + "\n";
      }
  return out.empty() ? out : "\n### Hangs explained\n\n" + out;
}

std::string case_errors(const nlohmann::json& results) {
  const auto& errors = get_field(get_field(results, "run"), "case_errors");
  if (!errors.is_array() || errors.empty()) return std::string();
  std::string out = "\n### Case errors\n\n";
  for (const auto& error : errors) {
    std::string where = get_string(error, "file");
    if (const auto& line = get_field(error, "line"); line.is_number()) where += ":" + scalar_text(line);
    out += "- " + md_inline(where + ": " + get_string(error, "message")) + "\n";
  }
  return out;
}

}  // namespace

std::string render_summary_md(const nlohmann::json& results) {
  const auto tables = build_matrix(results);
  std::string out = header(tally(results));
  for (const auto& table : tables) out += matrix(table);
  return out + failures(tables) + hangs_explained(tables) + case_errors(results);
}
