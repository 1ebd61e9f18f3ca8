// The at-fork snapshot, as the cell's processes wrote it to the channel
// (harness/pyhooks/mpconform_at_fork.py): for each fork, the forking thread's stack
// and every other thread's, taken in the parent at that instant and written by the
// child it made. Read here into frames, and shown per hung child as
// evidence.hang.processes[].at_fork.
#pragma once
#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mpc {

struct PyFrame {
  std::string file;
  int line = 0;
  std::string function;
};

// faulthandler's dump of one thread ("  File \"x.py\", line 3 in f" lines, the
// most recent call first) as frames, innermost first.
std::vector<PyFrame> parse_python_stack(const std::string& dump);

// The same text faulthandler writes, for frames read elsewhere.
std::string format_python_stack(const std::vector<PyFrame>& frames);

// The harness's own hooks (harness/pyhooks, harness/runner): mpconform's frames in
// a cell's process, never the program's.
bool is_harness_frame(const PyFrame& f);

// The standard library, installed packages (site- and dist-packages), importlib's
// frozen modules and the harness's own hooks:
// not where a user would look for the line that did something.
bool is_library_frame(const PyFrame& f);

// The innermost frame outside the library, or the innermost one when all are in it.
const PyFrame* user_frame(const std::vector<PyFrame>& frames);

struct ForkThread {
  std::string name;  // threading's name; "" for a thread threading does not know
  std::optional<long> native_id;  // Python 3.8+
  bool daemon = false;
  std::vector<PyFrame> stack;  // innermost first
};

struct AtFork {
  pid_t pid = 0;         // the child the fork made
  pid_t parent_pid = 0;  // the process that forked
  int seq = 0;           // which of the parent's forks (1 = its first)
  std::optional<long> forking_native_id;
  std::vector<PyFrame> forking_stack;  // the thread that called fork(), innermost first
  std::vector<ForkThread> threads;     // every other Python thread
  int threads_not_recorded = 0;
  std::vector<long> parent_tasks;      // every thread the kernel knew in the parent

  // Threads of the parent that Python did not start (a native pool's workers): the
  // kernel's list without the Python threads. Their tids where every Python thread's
  // is known (3.8+), else none; their number always.
  std::vector<long> native_threads() const;
  int native_thread_count() const;
};

// Every at_fork line of a channel, in order; `bad` counts those that were not whole.
std::vector<AtFork> read_at_forks(const nlohmann::json& events, int* bad = nullptr);
const AtFork* at_fork_of(const std::vector<AtFork>& records, pid_t child);

// {parent_pid, seq, where: "file:line", call, threads: [{name, native_id, daemon,
// python_stack}], native_threads: [tid...], native_thread_count}: evidence.hang.processes[].at_fork.
// `call` is the source line of `where` ("" when the file cannot be read).
nlohmann::json at_fork_evidence(const AtFork& record, const std::string& call);

}  // namespace mpc
