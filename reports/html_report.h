// report.html: a results document, and optionally a comparison, as one
// self-contained page for people: the matrix with filters, each cell's evidence on
// a click, the claims view and the compare view. No network, no external assets.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

// The whole page. `comparison` is mpc::compare_documents's result (or
// {"comparisons": [...]}, as `run --compare` writes it), or null for none. Both
// documents are embedded as JSON and shown by the page's script as text only, so
// nothing a case printed can become markup.
std::string render_html_report(const nlohmann::json& results, const nlohmann::json* comparison);

// Writes render_html_report(...) to `dir`/report.html atomically (created with
// the folder if needed). Throws std::runtime_error naming the path on failure.
void write_html_report(const std::string& dir, const nlohmann::json& results,
                       const nlohmann::json* comparison);
