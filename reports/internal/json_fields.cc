#include "internal/json_fields.h"

namespace mpconform::reports {

const nlohmann::json& get_field(const nlohmann::json& object, const char* key) {
  static const nlohmann::json null_value;
  if (!object.is_object()) return null_value;
  auto it = object.find(key);
  return it == object.end() ? null_value : *it;
}

std::string get_string(const nlohmann::json& object, const char* key) {
  const auto& field = get_field(object, key);
  return field.is_string() ? field.get<std::string>() : std::string();
}

double get_number(const nlohmann::json& object, const char* key, double fallback) {
  const auto& field = get_field(object, key);
  return field.is_number() ? field.get<double>() : fallback;
}

bool get_bool(const nlohmann::json& object, const char* key, bool fallback) {
  const auto& field = get_field(object, key);
  return field.is_boolean() ? field.get<bool>() : fallback;
}

std::vector<std::string> get_strings(const nlohmann::json& object, const char* key) {
  std::vector<std::string> out;
  const auto& field = get_field(object, key);
  if (!field.is_array()) return out;
  for (const auto& item : field) out.push_back(scalar_text(item));
  return out;
}

std::string scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  // Replace, not throw, on invalid UTF-8 that a string value might carry.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mpconform::reports
