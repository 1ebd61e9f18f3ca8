// What the terminal shows after a run: the matrix at a glance, then why each
// failure failed, without opening results.json.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

// For each interpreter, a table with a row per case and a column per start
// method (run.methods order). Cells read "PASS ok", "NEW ok", "-" (no cell),
// or "FAIL deadlock≠ok" (got≠expected). Columns are aligned and cut with "…"
// to fit about 100 columns; a total line ends it. ANSI colour (green PASS, red
// FAIL, yellow NEW) only when `color` is true.
std::string render_terminal_matrix(const nlohmann::json& results, bool color);
// The same, fitted to `width` columns (a terminal's real width) instead of 100.
std::string render_terminal_matrix(const nlohmann::json& results, bool color, std::size_t width);

// For each FAIL cell: case, method and interpreter, expected against actual,
// the reason, and the last 15 lines of stderr. Each block starts with a blank
// line, so it can be printed right after the matrix. Empty when nothing failed.
std::string render_failures(const nlohmann::json& results);
