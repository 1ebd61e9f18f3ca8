// What one cell may use before the harness stops it: wall time, live processes,
// resident memory and output. A case may ask for more (its `limits` block), the
// command line may set any of them for a whole run (`--limit NAME=VALUE`, which
// wins over the case), and whichever limit a tree hits is reported as the outcome
// `limit:<name>` (time stays `timeout`), never as a crash of the harness.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace mpc {

struct CellLimits {
  double timeout_s = 30;
  // Live processes in the tree at once. A Pool per CPU plus helpers fits easily;
  // a fork bomb does not.
  int processes = 256;
  // Proportional resident memory (PSS) of the whole tree, in bytes.
  uint64_t memory_bytes = uint64_t(4) << 30;
  // Bytes written to stdout and stderr together; past this the tree is stopped.
  // Distinct from the capture cap: only the first MiB of each stream is kept.
  uint64_t output_bytes = uint64_t(64) << 20;
};

// Limits a case or a command line sets; unset ones fall through to the defaults.
struct LimitOverrides {
  std::optional<double> timeout_s;
  std::optional<int> processes;
  std::optional<uint64_t> memory_bytes;
  std::optional<uint64_t> output_bytes;
};

// The limits of a cell: defaults, then the case's, then the command line's.
CellLimits effective_limits(const LimitOverrides& from_case, const LimitOverrides& from_command_line);

// Parses one limit, NAME and VALUE as a case or `--limit NAME=VALUE` writes them
// ("timeout" 20, "processes" 100, "memory" 2GiB, "output" 10MiB) into `into`.
// Returns "" on success, else what is wrong, for an error message.
std::string set_limit(LimitOverrides& into, const std::string& name, const std::string& value);

// "512MiB", "2GiB", "100MB", "4096" (bytes); nullopt when not a size.
std::optional<uint64_t> parse_size(const std::string& text);

// One `--limit NAME=VALUE` flag; "" on success, else what is wrong.
std::string set_limit_flag(LimitOverrides& into, const std::string& assignment);

const char* limit_names_help();  // "timeout, processes, memory, output"

}  // namespace mpc
