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

// A helper process (the fork server, a pool worker, the resource tracker or a
// plain child) that died of a classified error first, and the failure of the
// main process that followed from it.
struct RootCause {
  std::string process;      // "the fork server", "a pool worker", "a child process"
  Outcome consequence;      // what the main process got (its traceback stays in evidence.exception)
};

// The outcome, and a line saying what decided it.
struct Classification {
  Outcome outcome;
  std::string because;
  std::optional<RootCause> root_cause = std::nullopt;  // the outcome is a helper's error, not the main's
};
Classification classify(const Observation& o);

}  // namespace mpc
