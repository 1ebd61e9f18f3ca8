// The claims view: for each case whose source makes a checkable claim
// (`documented` in the case), the cells where the claim held and where it did not.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

std::string render_claims_terminal(const nlohmann::json& results);
std::string render_claims_md(const nlohmann::json& results);
