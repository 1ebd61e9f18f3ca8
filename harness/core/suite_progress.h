// A pytest suite's progress as the check hooks stream it on the channel (the
// plugin in check_hooks.py): how many tests pytest collected, each test's outcome
// as it finished, and the test running now. Read live (a suite's cell runs on while
// tests finish; the terminal counts them) and once more after the cell, where it
// stands in for the junit file pytest never wrote when the cell was cut short.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mpc {

struct SuiteProgress {
  std::optional<size_t> collected;  // tests pytest will run (after -k/-m deselection)
  nlohmann::json finished = nlohmann::json::array();  // {test, outcome, message, duration_s}
  std::string running;  // started and not finished; "" between tests
  size_t failing = 0;   // finished failed or error

  // Takes one channel event; false when it is not one of the suite's (or malformed).
  bool observe(const nlohmann::json& event);
  // What moves a suite on: the collection, then each finished test.
  size_t steps() const { return finished.size() + (collected ? 1 : 0); }
  bool empty() const { return !collected && finished.empty() && running.empty(); }
  // {"collected": N|null, "tests": [...], "running": ID|null}, results.json's
  // evidence.pytest_stream.
  nlohmann::json to_json() const;
};

}  // namespace mpc
