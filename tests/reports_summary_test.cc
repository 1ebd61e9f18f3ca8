// summary.md is read rendered (a CI job summary) and raw (a file): totals first,
// tables that text from the document cannot break, then every failure.
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "summary_md.h"

using nlohmann::json;

namespace {

json make_cell(const std::string& case_id, const std::string& method, const std::string& verdict,
               const std::string& outcome, std::vector<std::string> expected) {
  return {{"case", case_id}, {"method", method},
          {"resolved_method", method == "default" ? "forkserver" : method}, {"exe_mode", "python"},
          {"python", {{"version", "3.14.0"}, {"executable", "/usr/bin/python3.14"}}},
          {"outcome", outcome}, {"observations", json::object()}, {"expected", expected},
          {"verdict", verdict}, {"reason", ""}, {"duration_s", 0.5},
          {"evidence", {{"end", "exited"}, {"stderr", {{"text", ""}}}}}};
}

json make_doc(std::vector<json> cells, std::vector<std::string> methods = {"fork", "spawn", "forkserver", "default"}) {
  return {{"schema", 1},
          {"run", {{"methods", methods}, {"duration_s", 12.5}, {"complete", true}, {"case_errors", json::array()}}},
          {"cells", cells}};
}

std::vector<std::string> lines_starting_with(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  }
  return out;
}

// Pipes a Markdown table would split a row on, i.e. those not backslash-escaped.
int unescaped_pipes(const std::string& line) {
  int n = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') ++i;
    else n += line[i] == '|';
  }
  return n;
}

}  // namespace

TEST(SummaryTest, HeaderGivesTotalsAndCompleteness) {
  const std::string md = render_summary_md(make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}),
                                                     make_cell("a", "spawn", "FAIL", "deadlock", {"ok"}),
                                                     make_cell("b", "fork", "NEW", "ok", {})}));
  EXPECT_NE(md.find("3 cells: 1 PASS, **1 FAIL**, 1 NEW in 12.5 s; run complete."), std::string::npos);
}

TEST(SummaryTest, InterruptedRunIsMarkedIncomplete) {
  json doc = make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"})});
  doc["run"]["complete"] = false;
  EXPECT_NE(render_summary_md(doc).find("; **INCOMPLETE**: the run was interrupted."), std::string::npos);
  doc["run"]["planned_cells"] = 8;
  EXPECT_NE(render_summary_md(doc).find("**INCOMPLETE**: the run was interrupted after 1 of 8 planned cells."),
            std::string::npos);
}

TEST(SummaryTest, ColumnsFollowRunMethodsOrder) {
  const auto doc = make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}), make_cell("a", "default", "PASS", "ok", {"ok"}),
                             make_cell("a", "spawn", "PASS", "ok", {"ok"})},
                            {"spawn", "default", "fork"});
  const auto header = lines_starting_with(render_summary_md(doc), "| case");
  ASSERT_EQ(header.size(), 1u);
  EXPECT_EQ(header[0], "| case | spawn | default (forkserver) | fork |");
}

TEST(SummaryTest, CellsShowVerdictOutcomeAndWhatWasExpected) {
  const std::string md = render_summary_md(make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}),
                                                     make_cell("a", "spawn", "FAIL", "exception:KeyError", {"ok", "timeout"}),
                                                     make_cell("a", "forkserver", "NEW", "deadlock", {})}));
  EXPECT_NE(md.find("| a | PASS ok | **FAIL** exception:KeyError (expected ok or timeout) | NEW deadlock | - |"),
            std::string::npos);
}

TEST(SummaryTest, PipesInDocumentTextCannotSplitTableCells) {
  const std::string md = render_summary_md(make_doc({make_cell("a|b", "fork", "FAIL", "exception:A|B", {"ok|x"})}));
  const auto rows = lines_starting_with(md, "|");
  ASSERT_EQ(rows.size(), 3u);  // header, rule, one case
  for (const auto& row : rows) EXPECT_EQ(unescaped_pipes(row), 6) << row;  // five columns
  EXPECT_NE(rows[2].find("a\\|b"), std::string::npos);
}

TEST(SummaryTest, HtmlAndEmphasisInReasonsAreShownLiterally) {
  json cell = make_cell("a", "spawn", "FAIL", "pickling-error", {"ok"});
  cell["reason"] = "Can't pickle 'main.<locals>.f' from __main__";
  const std::string md = render_summary_md(make_doc({cell}));
  EXPECT_NE(md.find("- reason: Can't pickle 'main.\\<locals\\>.f' from \\_\\_main\\_\\_"), std::string::npos);
  EXPECT_EQ(md.find("<locals>"), std::string::npos);
}

TEST(SummaryTest, FailuresSectionListsEveryFail) {
  json one = make_cell("alpha", "spawn", "FAIL", "deadlock", {"ok"});
  one["reason"] = "outcome deadlock not allowed";
  const std::string md = render_summary_md(make_doc({one, make_cell("beta", "fork", "FAIL", "timeout", {"ok"}),
                                                     make_cell("gamma", "fork", "PASS", "ok", {"ok"})}));
  const auto section = md.find("### Failures");
  ASSERT_NE(section, std::string::npos);
  const std::string failures = md.substr(section);
  EXPECT_EQ(lines_starting_with(failures, "#### ").size(), 2u);
  EXPECT_NE(failures.find("#### alpha · spawn · python 3.14.0"), std::string::npos);
  EXPECT_NE(failures.find("- expected: ok\n- outcome: deadlock\n- reason: outcome deadlock not allowed"),
            std::string::npos);
  EXPECT_NE(failures.find("#### beta · fork · python 3.14.0"), std::string::npos);
  EXPECT_EQ(failures.find("gamma"), std::string::npos);
}

TEST(SummaryTest, NoFailuresSectionWhenNothingFailed) {
  const std::string md = render_summary_md(make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"})}));
  EXPECT_EQ(md.find("### Failures"), std::string::npos);
  EXPECT_EQ(md.find("**FAIL**"), std::string::npos);
}

TEST(SummaryTest, StderrCannotCloseItsCodeBlock) {
  json cell = make_cell("a", "fork", "FAIL", "deadlock", {"ok"});
  cell["evidence"]["stderr"]["text"] = "Traceback\n```\n# not a heading\n";
  const std::string md = render_summary_md(make_doc({cell}));
  EXPECT_NE(md.find("````text\nTraceback\n```\n# not a heading\n````\n"), std::string::npos);
}

TEST(SummaryTest, CaseErrorsAreListedWithFileAndLine) {
  json doc = make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"})});
  doc["run"]["case_errors"] = {{{"file", "cases/bad.py"}, {"line", 7}, {"message", "unknown outcome 'okay'"}}};
  const std::string md = render_summary_md(doc);
  EXPECT_NE(md.find("### Case errors\n\n- cases/bad.py:7: unknown outcome 'okay'\n"), std::string::npos);
}

TEST(SummaryTest, OddlyTypedFieldsRenderInsteadOfThrowing) {
  json cell = make_cell("a", "fork", "FAIL", "deadlock", {"ok"});
  cell["observations"] = "none";
  cell["expected_observations"] = {{"sees", 3}};
  cell["evidence"] = nullptr;
  json doc = {{"run", {{"methods", {"fork", 2}}, {"case_errors", {{{"line", "x"}}, 4}}}}, {"cells", {cell}}};
  EXPECT_NO_THROW(render_summary_md(doc));
  EXPECT_NO_THROW(render_summary_md(json::array()));
}
