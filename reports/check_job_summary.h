// check.json as Markdown for a CI job summary ($GITHUB_STEP_SUMMARY): the verdict,
// the grid of outcomes (interpreter x start method), each distinct break with its
// cells, lines and remedy, the hazards, the tests that differ, and what was
// compared loosely because it varies by itself. GitHub refuses a step's summary
// over 1 MiB, so this one stops at `max_bytes`, between items, with a note.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace mpc {

constexpr size_t kJobSummaryMaxBytes = 256 * 1024;

// `root`: the folder the lines' files are named relative to ("" for check.json's
// cwd), as in the annotations. Text from the program is escaped: a `|` or a
// `<locals>` cannot break the tables.
std::string render_check_job_summary(const nlohmann::json& check, const std::string& root = "",
                                     size_t max_bytes = kJobSummaryMaxBytes);

}  // namespace mpc
