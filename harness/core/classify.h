// From what was observed to the one outcome of a cell (DESIGN.md's vocabulary).
// Decided by exception classes, frames and exit status, never by message text.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "outcome.h"
#include "python_exception.h"
#include "supervisor.h"

namespace mpc {

// What the runner said about the main process through its channel.
struct ChannelReport {
  bool started = false;  // the runner got as far as running the case
  bool unsupported = false;
  std::string unsupported_reason;
  std::optional<PythonException> exception;  // escaped the main process
};

struct Observation {
  TreeRun tree;
  ChannelReport channel;
  std::vector<PythonException> child_tracebacks;  // from stderr, the main's excluded
};

// pickling-error, bootstrap-error or exception:<Type>, for one exception.
Outcome classify_exception(const PythonException& e);

// The outcome, and a line saying what decided it.
struct Classification {
  Outcome outcome;
  std::string because;
};
Classification classify(const Observation& o);

}  // namespace mpc
