// Reads the runner's channel: the JSONL file the runner (and the case, through
// fixtures/mpconform_case.py) appended to while the cell ran.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "classify.h"
#include "expectation.h"
#include "suite_progress.h"

namespace mpc {

struct ChannelContents {
  ChannelReport report;
  nlohmann::json start_facts = nlohmann::json::object();  // the runner's "start" event
  Observations observations;                               // last value per key
  nlohmann::json observation_log = nlohmann::json::array();  // every observe(), in order
  nlohmann::json marks = nlohmann::json::array();            // every mark(), in order
  nlohmann::json at_forks = nlohmann::json::array();  // every at-fork snapshot (at_fork.h)
  // Processes that forked more often than their snapshots keep: pid -> forks so far.
  nlohmann::json forks_counted = nlohmann::json::object();
  // A check cell's diagnosis events (check_hooks.py), in order.
  nlohmann::json check_events = nlohmann::json::array();
  // A pytest suite's tests as the check hooks streamed them (suite_progress.h).
  SuiteProgress suite;
  int bad_lines = 0;  // lines that were not JSON, or an event with fields of the wrong type
};

ChannelContents read_channel(const std::string& path);

// Reads a channel while the cell runs: each call gives the events of the complete
// lines appended since the last call (a line still being written waits for the
// next); unreadable lines are skipped here, read_channel counts them.
class ChannelTail {
 public:
  explicit ChannelTail(std::string path) : path_(std::move(path)) {}
  std::vector<nlohmann::json> read_new();

 private:
  std::string path_;
  uint64_t offset_ = 0;
  std::string partial_;
};

}  // namespace mpc
