#include "suite_progress.h"

using nlohmann::json;

namespace mpc {

bool SuiteProgress::observe(const json& ev) {
  const std::string kind = ev.value("event", "");
  if (kind == "tests_collected") {
    if (!ev.contains("count") || !ev["count"].is_number_integer() || ev["count"].get<long long>() < 0) return false;
    collected = ev["count"].get<size_t>();
    return true;
  }
  if (!ev.contains("test") || !ev["test"].is_string()) return false;
  const std::string test = ev["test"];
  if (kind == "test_started") {
    running = test;
    return true;
  }
  if (kind != "test_finished" || !ev.contains("outcome") || !ev["outcome"].is_string()) return false;
  const std::string outcome = ev["outcome"];
  const json message = ev.contains("message") && ev["message"].is_string() ? ev["message"] : json("");
  const json duration = ev.contains("duration_s") && ev["duration_s"].is_number() ? ev["duration_s"] : json(nullptr);
  finished.push_back({{"test", test}, {"outcome", outcome}, {"message", message}, {"duration_s", duration}});
  failing += outcome == "failed" || outcome == "error";
  if (running == test) running.clear();
  return true;
}

json SuiteProgress::to_json() const {
  return {{"collected", collected ? json(*collected) : json(nullptr)},
          {"tests", finished},
          {"running", running.empty() ? json(nullptr) : json(running)}};
}

}  // namespace mpc
