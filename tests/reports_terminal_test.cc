// The terminal matrix must be readable at a glance in ~100 columns, coloured
// only when asked, and the failure listing must show why without opening files.
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "terminal_matrix.h"

using nlohmann::json;

namespace {

json make_cell(const std::string& case_id, const std::string& method, const std::string& verdict,
               const std::string& outcome, std::vector<std::string> expected,
               const std::string& exe_mode = "python") {
  return {{"case", case_id}, {"method", method}, {"resolved_method", method}, {"exe_mode", exe_mode},
          {"python", {{"version", "3.11.2"}, {"executable", "/usr/bin/python3.11"}}},
          {"outcome", outcome}, {"observations", json::object()}, {"expected", expected},
          {"verdict", verdict}, {"reason", ""}, {"duration_s", 1.5},
          {"evidence", {{"end", "exited"}, {"stderr", {{"text", ""}}}}}};
}

json make_doc(std::vector<json> cells, std::vector<std::string> methods = {"fork", "spawn", "forkserver", "default"}) {
  return {{"schema", 1},
          {"run", {{"methods", methods}, {"duration_s", 3.0}, {"complete", true}}},
          {"cells", cells}};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Code points, so positions are terminal columns even with "≠" and "…".
std::vector<std::string> columns(const std::string& line) {
  std::vector<std::string> out;
  for (char c : line) {
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) out.back() += c;
    else out.emplace_back(1, c);
  }
  return out;
}

std::size_t column_of(const std::string& line, const std::string& needle) {
  const auto byte = line.find(needle);
  return byte == std::string::npos ? std::string::npos : columns(line.substr(0, byte)).size();
}

}  // namespace

TEST(TerminalTest, NoEscapeSequencesWithoutColor) {
  const auto doc = make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}), make_cell("a", "spawn", "FAIL", "deadlock", {"ok"}),
                             make_cell("a\x1b[2J", "forkserver", "NEW", "ok", {})});
  EXPECT_EQ(render_terminal_matrix(doc, false).find('\x1b'), std::string::npos);
}

TEST(TerminalTest, ColorMarksEachVerdict) {
  const std::string out = render_terminal_matrix(
      make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}), make_cell("a", "spawn", "FAIL", "deadlock", {"ok"}),
                make_cell("a", "forkserver", "NEW", "ok", {})}),
      true);
  EXPECT_NE(out.find("\x1b[32mPASS ok\x1b[0m"), std::string::npos);
  EXPECT_NE(out.find("\x1b[31mFAIL deadlock\xE2\x89\xA0ok\x1b[0m"), std::string::npos);
  EXPECT_NE(out.find("\x1b[33mNEW ok\x1b[0m"), std::string::npos);
}

TEST(TerminalTest, FailShowsActualThenExpected) {
  const std::string out = render_terminal_matrix(
      make_doc({make_cell("a", "fork", "FAIL", "deadlock", {"ok", "timeout"})}), false);
  EXPECT_NE(out.find("FAIL deadlock\xE2\x89\xA0ok|timeout"), std::string::npos);
}

TEST(TerminalTest, ObservationFailureNamesTheObservation) {
  json cell = make_cell("a", "spawn", "FAIL", "ok", {"ok"});
  cell["observations"] = {{"sees", "call-time"}};
  cell["expected_observations"] = {{"sees", {"import-time"}}};
  const std::string out = render_terminal_matrix(make_doc({cell}), false);
  EXPECT_NE(out.find("FAIL sees=call-time\xE2\x89\xA0import-time"), std::string::npos);
}

TEST(TerminalTest, ColumnsFollowRunMethodsOrder) {
  const auto doc = make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}), make_cell("a", "forkserver", "PASS", "ok", {"ok"}),
                             make_cell("a", "spawn", "PASS", "ok", {"ok"})},
                            {"spawn", "forkserver", "fork"});
  const auto header = lines(render_terminal_matrix(doc, false))[1];
  EXPECT_EQ(header, "case  spawn    forkserver  fork");
}

TEST(TerminalTest, TitleSaysWhatDefaultResolvedTo) {
  json cell = make_cell("a", "default", "PASS", "ok", {"ok"});
  cell["resolved_method"] = "forkserver";
  const auto out = lines(render_terminal_matrix(make_doc({cell}), false));
  EXPECT_EQ(out[0], "python 3.11.2 (/usr/bin/python3.11); default is forkserver");
  EXPECT_EQ(out[1], "case  fork  spawn  forkserver  default");
}

TEST(TerminalTest, MissingCellIsADash) {
  const auto out = lines(render_terminal_matrix(make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"})}, {"fork", "spawn"}), false));
  EXPECT_EQ(out[2], "a     PASS ok  -");
}

TEST(TerminalTest, EveryCellStartsUnderItsHeading) {
  std::vector<json> cells;
  for (const char* id : {"short", "a-much-longer-case-name", "mid-size"}) {
    cells.push_back(make_cell(id, "fork", "PASS", "ok", {"ok"}));
    cells.push_back(make_cell(id, "spawn", "FAIL", "exception:AttributeError", {"pickling-error"}));
    cells.push_back(make_cell(id, "forkserver", "NEW", "deadlock", {}));
    cells.push_back(make_cell(id, "default", "PASS", "ok", {"ok"}));
  }
  const auto out = lines(render_terminal_matrix(make_doc(cells), false));
  const std::string& header = out[1];
  for (const char* method : {"spawn", "forkserver", "default"}) {
    const auto col = column_of(header, method);
    ASSERT_NE(col, std::string::npos) << method;
    for (std::size_t row = 2; row < 5; ++row) {
      const auto chars = columns(out[row]);
      ASSERT_GT(chars.size(), col) << out[row];
      EXPECT_NE(chars[col], " ") << method << " in: " << out[row];
      EXPECT_EQ(chars[col - 1] + chars[col - 2], "  ") << method << " in: " << out[row];
    }
  }
}

TEST(TerminalTest, ManyLongCasesFitInAHundredColumns) {
  std::vector<json> cells;
  for (int i = 0; i < 30; ++i) {
    const std::string id = "case-with-a-rather-long-descriptive-name-" + std::to_string(i);
    cells.push_back(make_cell(id, "fork", "FAIL", "exception:SomeVeryLongExceptionNameError", {"pickling-error"}));
    cells.push_back(make_cell(id, "spawn", "FAIL", "crash:SIGSEGV", {"ok", "timeout", "deadlock"}));
    cells.push_back(make_cell(id, "forkserver", "PASS", "ok", {"ok"}));
    cells.push_back(make_cell(id, "default", "NEW", "bootstrap-error", {}));
  }
  const std::string out = render_terminal_matrix(make_doc(cells), false);
  for (const auto& line : lines(out)) EXPECT_LE(columns(line).size(), 100u) << line;
  EXPECT_NE(out.find("\xE2\x80\xA6"), std::string::npos);  // something was cut, visibly
}

TEST(TerminalTest, CaseNamesStayWholeWhileCellsAreCut) {
  const std::string id = "fork-with-held-lock-in-x";  // 24 columns
  std::vector<json> cells;
  for (const char* method : {"fork", "spawn", "forkserver", "default"}) {
    cells.push_back(make_cell(id, method, "FAIL", "exception:SomeVeryLongExceptionNameError", {"ok"}));
  }
  const auto row = lines(render_terminal_matrix(make_doc(cells), false))[2];
  EXPECT_EQ(row.rfind(id + "  FAIL ", 0), 0u) << row;
  EXPECT_LE(columns(row).size(), 100u) << row;
}

TEST(TerminalTest, WiderScreenCutsNothing) {
  std::vector<json> cells;
  for (const char* method : {"fork", "spawn", "forkserver", "default"}) {
    cells.push_back(make_cell("a-case-name-of-some-length", method, "FAIL", "exception:AttributeError", {"pickling-error"}));
  }
  const auto doc = make_doc(cells);
  EXPECT_NE(render_terminal_matrix(doc, false).find("\xE2\x80\xA6"), std::string::npos);
  const std::string wide = render_terminal_matrix(doc, false, 250);
  EXPECT_EQ(wide.find("\xE2\x80\xA6"), std::string::npos);
  EXPECT_NE(wide.find("FAIL exception:AttributeError\xE2\x89\xA0pickling-error"), std::string::npos);
}

TEST(TerminalTest, ExeModeNamedOnlyWhenThereAreSeveral) {
  const auto one = make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"})});
  EXPECT_EQ(render_terminal_matrix(one, false).find("exe mode"), std::string::npos);
  const auto two = make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}, "python"),
                             make_cell("a", "fork", "PASS", "ok", {"ok"}, "host")});
  const std::string out = render_terminal_matrix(two, false);
  EXPECT_NE(out.find("python 3.11.2 (/usr/bin/python3.11), exe mode python\n"), std::string::npos);
  EXPECT_NE(out.find("python 3.11.2 (/usr/bin/python3.11), exe mode host\n"), std::string::npos);
}

TEST(TerminalTest, EmulatedOsGetsItsOwnTableSaidEmulated) {
  json mac = make_cell("qsize", "fork", "PASS", "exception:NotImplementedError", {"exception:NotImplementedError"});
  mac["os"] = {{"name", "macos"}, {"emulated", true}, {"label", "macOS (emulated)"}};
  const std::string out = render_terminal_matrix(make_doc({make_cell("qsize", "fork", "PASS", "ok", {"ok"}), mac}), false);
  EXPECT_NE(out.find("python 3.11.2 (/usr/bin/python3.11)\n"), std::string::npos);  // the host's, unlabelled
  EXPECT_NE(out.find("python 3.11.2 (/usr/bin/python3.11), macOS (emulated)\n"), std::string::npos);
  EXPECT_EQ(out.find("macOS\n"), std::string::npos);  // never the platform's name alone
}

TEST(TerminalTest, EndsWithOneTotalLine) {
  json doc = make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}), make_cell("a", "spawn", "FAIL", "deadlock", {"ok"}),
                       make_cell("b", "fork", "NEW", "ok", {})});
  EXPECT_EQ(lines(render_terminal_matrix(doc, false)).back(), "3 cells: 1 PASS, 1 FAIL, 1 NEW in 3.0 s");
  doc["run"]["complete"] = false;
  EXPECT_EQ(lines(render_terminal_matrix(doc, false)).back(),
            "3 cells: 1 PASS, 1 FAIL, 1 NEW in 3.0 s; INCOMPLETE: the run was interrupted");
}

TEST(FailuresTest, ShowWhyAndTheLastFifteenLinesOfStderr) {
  json cell = make_cell("nested", "spawn", "FAIL", "deadlock", {"ok"});
  cell["reason"] = "outcome deadlock not allowed";
  std::string stderr_text;
  for (int i = 0; i < 40; ++i) stderr_text += "line " + std::to_string(i) + "\n";
  cell["evidence"]["stderr"]["text"] = stderr_text;
  const std::string out = render_failures(make_doc({cell}));
  EXPECT_EQ(out.rfind("\nFAIL nested [spawn, python 3.11.2]\n  expected ok, got deadlock\n"
                      "  reason: outcome deadlock not allowed\n", 0), 0u) << out;
  EXPECT_NE(out.find("    [... 25 lines omitted]\n    line 25\n"), std::string::npos);
  EXPECT_NE(out.find("    line 39\n"), std::string::npos);
  EXPECT_EQ(out.find("line 24\n"), std::string::npos);
}

TEST(FailuresTest, ControlCharactersInStderrAreStripped) {
  json cell = make_cell("a", "fork", "FAIL", "deadlock", {"ok"});
  cell["evidence"]["stderr"]["text"] = "\x1b[31mboom\x1b[0m\x07\n";
  const std::string out = render_failures(make_doc({cell}));
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_NE(out.find("    boom\n"), std::string::npos);
}

TEST(FailuresTest, HarnessErrorShowsFileAndLine) {
  json cell = make_cell("bad", "fork", "FAIL", "harness-error", {});
  cell["evidence"]["harness_error"] = {{"file", "cases/bad.py"}, {"line", 7}, {"message", "unknown outcome 'okay'"}};
  EXPECT_NE(render_failures(make_doc({cell})).find("  harness error: cases/bad.py:7: unknown outcome 'okay'\n"),
            std::string::npos);
}

TEST(FailuresTest, EmptyWhenNothingFailed) {
  EXPECT_EQ(render_failures(make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}), make_cell("a", "spawn", "NEW", "ok", {})})),
            "");
}

TEST(TerminalTest, OddlyTypedFieldsRenderInsteadOfThrowing) {
  json cell = make_cell("a", "fork", "FAIL", "ok", {"ok"});
  cell["expected_observations"] = {{"sees", {{"nested", true}}}};
  cell["case"] = 12;
  cell["evidence"] = {{"stderr", {{"text", 1}}}, {"end", false}};
  const json doc = {{"run", {{"duration_s", "long"}}}, {"cells", {cell, "junk"}}};
  EXPECT_NO_THROW(render_terminal_matrix(doc, true));
  EXPECT_NO_THROW(render_failures(doc));
  EXPECT_NO_THROW(render_terminal_matrix(json(), false));
}

TEST(TerminalTest, CellsLeftOutForAMissingModuleAreCountedWithHowToAddThem) {
  json torch = make_cell("torch-one-thread", "fork", "PASS", "unsupported", {});
  torch["evidence"]["because"] = "requires module 'torch' is not installed for /usr/bin/python3.11";
  json two = make_cell("nested-pool-task-loky", "fork", "PASS", "unsupported", {});
  two["evidence"]["because"] =
      "requires module 'joblib' is not installed for /usr/bin/python3.11; module 'torch' is not installed for x";
  json method = make_cell("a", "forkserver", "PASS", "unsupported", {});
  method["evidence"]["because"] = "start method 'forkserver' is not available here (available: spawn)";
  const std::string out = render_terminal_matrix(make_doc({torch, two, method}), false);
  EXPECT_NE(out.find("left out: 2 cells lack a module they need (torch 2, joblib 1): install it for that "
                     "interpreter (the system python's from Debian: sh ci/setup.sh --tests)\n"),
            std::string::npos) << out;
  EXPECT_EQ(render_terminal_matrix(make_doc({method}), false).find("left out"), std::string::npos);
}
