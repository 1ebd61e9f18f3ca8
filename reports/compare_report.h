// Renders a comparison of two results documents (mpc::compare_documents) for the
// terminal and as Markdown, grouped by case.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

std::string render_compare_terminal(const nlohmann::json& comparison);
std::string render_compare_md(const nlohmann::json& comparison);
