// summary.md: a results document as Markdown for people, e.g. a CI job
// summary: totals, one matrix per interpreter, then every failure and every
// case file that could not be read.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

// Table cells read "PASS ok", "**FAIL** deadlock (expected ok)", "NEW ok", or
// "-" where the run has no cell. All text taken from the document is escaped,
// so a pipe or `<locals>` in it cannot break the tables.
std::string render_summary_md(const nlohmann::json& results);
