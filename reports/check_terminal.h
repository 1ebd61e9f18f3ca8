// `mpconform check` in the terminal, from check.json (check_document.h): the cells
// by interpreter and method with their outcomes, each break with its cause and
// remedy, where the program chooses its own method, then the verdict.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace mpc {

std::string render_check_terminal(const nlohmann::json& check);

}  // namespace mpc
