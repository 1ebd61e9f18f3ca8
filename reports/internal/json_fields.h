// Tolerant readers for results.json fields. A missing field, or one of another
// type (null, say), reads as empty: a report must render whatever a partial,
// interrupted or merged run wrote, not throw halfway through.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mpconform::reports {

std::string get_string(const nlohmann::json& object, const char* key);
double get_number(const nlohmann::json& object, const char* key, double fallback = 0);
bool get_bool(const nlohmann::json& object, const char* key, bool fallback);
// The strings of an array field; non-string items are written as JSON.
std::vector<std::string> get_strings(const nlohmann::json& object, const char* key);
// The field itself, or a null value when it is missing.
const nlohmann::json& get_field(const nlohmann::json& object, const char* key);

// A scalar as a person would write it: strings bare, anything else as JSON.
std::string scalar_text(const nlohmann::json& value);

}  // namespace mpconform::reports
