#include "classify.h"

#include <algorithm>

#include "at_fork.h"

namespace mpc {
namespace {

std::string basename(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_multiprocessing(const std::string& path, const char* file) {
  return basename(path) == file && path.find("multiprocessing") != std::string::npos;
}

bool named(const PythonException& e, const char* cls) {
  if (e.type == cls) return true;
  return std::find(e.mro.begin(), e.mro.end(), cls) != e.mro.end();
}

// spawn refuses to start a process while the main module is still being imported
// in a child (no main guard): that check is the function below.
bool is_bootstrap_error(const PythonException& e) {
  if (!named(e, "RuntimeError")) return false;
  for (const Frame& f : e.frames)
    if (f.function == "_check_not_importing_main" && is_multiprocessing(f.file, "spawn.py"))
      return true;
  return false;
}

// The frame of the check hook that wraps ForkingPickler.dump (check_hooks.py), which
// Python before 3.11 keeps in a re-raised traceback: neither the program's nor the
// library's, so never the innermost frame that decides.
bool is_harness_frame(const Frame& f) { return f.file == "mpconform-boot.py"; }

// The innermost Python frame is where the pickler (C code underneath) gave up.
bool is_pickling_error(const PythonException& e) {
  if (named(e, "PicklingError") || named(e, "UnpicklingError")) return true;
  auto inner_it = std::find_if(e.frames.rbegin(), e.frames.rend(), [](const Frame& f) { return !is_harness_frame(f); });
  if (inner_it == e.frames.rend()) return false;
  const Frame& inner = *inner_it;
  const std::string file = basename(inner.file);
  if (file == "pickle.py" || file == "copyreg.py") return true;
  if (is_multiprocessing(inner.file, "reduction.py")) return true;
  // A spawned child unpickling its Process object, or a worker unpickling a task.
  return is_multiprocessing(inner.file, "spawn.py") && inner.function == "_main";
}

// An error that ends a connection to another process: what the main process gets
// when the process at the other end (the fork server, a worker) has died.
bool is_broken_connection(const PythonException& e) {
  for (const char* cls : {"EOFError", "ConnectionError", "BrokenPipeError", "ConnectionResetError",
                          "ConnectionRefusedError", "ConnectionAbortedError"})
    if (named(e, cls)) return true;
  return false;
}

// Raised inside multiprocessing's own code (talking to a helper), not the program's.
bool raised_in_multiprocessing(const PythonException& e) {
  auto inner = std::find_if(e.frames.rbegin(), e.frames.rend(), [](const Frame& f) { return !is_harness_frame(f); });
  return inner != e.frames.rend() && inner->file.find("multiprocessing") != std::string::npos;
}

bool has_frame(const PythonException& e, const char* file, const char* function) {
  return std::any_of(e.frames.begin(), e.frames.end(), [&](const Frame& f) {
    return is_multiprocessing(f.file, file) && f.function == function;
  });
}

// Which helper printed `e`, from the frames it died in.
std::string helper_name(const PythonException& e) {
  if (has_frame(e, "forkserver.py", "main")) return "the fork server";
  if (has_frame(e, "pool.py", "worker")) return "a pool worker";
  if (has_frame(e, "resource_tracker.py", "main")) return "the resource tracker";
  return "a child process";
}

// What a process is, for a sentence: "a pool worker", "a child process", "main".
std::string kind_of(const HungProcess& p) {
  for (const auto& t : p.threads)
    for (const PyFrame& f : parse_python_stack(t.python_stack))
      if (f.function == "worker" && f.file.find("multiprocessing/pool.py") != std::string::npos)
        return "a pool worker";
  return p.role == "child" ? "a child process" : p.role;
}

std::string plural(const std::string& kind) {
  if (kind == "a pool worker") return "pool workers";
  if (kind == "a child process") return "child processes";
  return kind;
}

std::string pid_list(const std::vector<pid_t>& pids) {
  std::string s;
  for (size_t i = 0; i < pids.size(); ++i)
    s += (i == 0 ? "" : i + 1 == pids.size() ? " and " : ", ") + std::to_string(pids[i]);
  return s;
}

// A thread that can still move, and where: "thread 5882 running at case.py:16".
std::string busy_thread(const ThreadWait& t) {
  const std::vector<PyFrame> frames = parse_python_stack(t.python_stack);
  const PyFrame* f = user_frame(frames);
  std::string s = "thread " + std::to_string(t.tid) + (t.state == 'R' ? " running" : " in a timed wait");
  if (f) s += " at " + f->file.substr(f->file.rfind('/') + 1) + ":" + std::to_string(f->line);
  return s;
}

// The processes deadlocked on their own (TreeRun::deadlocked_alone), grouped by
// kind and reason, and the busy ones beside them with why they cannot help.
std::string deadlocked_alone_because(const TreeRun& t) {
  std::vector<std::pair<std::pair<std::string, std::string>, std::vector<pid_t>>> groups;
  for (const auto& [found, why] : t.deadlocked_alone) {
    const pid_t pid = found;  // a structured binding cannot be captured in C++17 (clang refuses)
    const auto it = std::find_if(t.hang.begin(), t.hang.end(), [&](const HungProcess& p) { return p.pid == pid; });
    const std::pair<std::string, std::string> key{it == t.hang.end() ? "a process" : kind_of(*it), why};
    auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == key; });
    if (g == groups.end()) groups.push_back({key, {pid}});
    else g->second.push_back(pid);
  }
  std::string s;
  for (const auto& [key, pids] : groups) {
    const bool one = pids.size() == 1;
    s += (s.empty() ? "" : "; ") + std::string(one ? "pid " : "pids ") + pid_list(pids) + " (" +
         (one ? key.first : plural(key.first)) + ") can never progress: " + (one ? "" : "in each, ") + key.second +
         ", which no thread of another process can release, and " +
         (one ? "it used no CPU" : "none used CPU") + " for the quiet window";
  }
  std::string busy;
  int busy_count = 0;
  for (const auto& p : t.hang) {
    if (p.judgement != "progressing") continue;
    std::string threads;
    for (const auto& w : p.threads)
      if (w.state == 'R') threads += (threads.empty() ? "" : ", ") + busy_thread(w);
    if (threads.empty())
      for (const auto& w : p.threads)
        if (w.state != 'Z' && w.state != 'X' && w.wait.empty()) {
          threads = busy_thread(w);
          break;
        }
    busy += (busy.empty() ? "" : "; ") + ("pid " + std::to_string(p.pid) + " (" + kind_of(p) + ")") +
            (threads.empty() ? "" : ": " + threads);
    ++busy_count;
  }
  if (!busy.empty())
    s += ". Still busy beside " + std::string(t.deadlocked_alone.size() == 1 ? "it" : "them") + ": " + busy + "; " +
         (busy_count == 1 ? "it cannot" : "they cannot") +
         " help, since a futex private to a process is woken only by that process's own threads";
  return s;
}

}  // namespace

Outcome classify_exception(const PythonException& e) {
  if (is_bootstrap_error(e)) return Outcome::Of(OutcomeKind::kBootstrapError);
  if (is_pickling_error(e)) return Outcome::Of(OutcomeKind::kPicklingError);
  return Outcome::Exception(e.type.empty() ? "Exception" : e.type);
}

Classification classify(const Observation& o) {
  const TreeRun& t = o.tree;
  switch (t.end) {
    case TreeEnd::kLaunchFailed:
      return {Outcome::Of(OutcomeKind::kHarnessError), "the runner could not start: " + t.launch_error};
    case TreeEnd::kDeadlock:
    case TreeEnd::kDeadline:
      // Pool workers that died of a signal took their tasks with them: the pool
      // then waits for ever for those results. The crash is the cause.
      if (t.crashes.count() > 0 && t.crashes.in_pool_worker())
        return {Outcome::Crash(t.crashes.signal()),
                crashes_sentence(t.crashes, false, nullptr) +
                    "; the pool then waited without end for the results of the tasks they had taken",
                RootCause{"pool workers", Outcome::Of(t.end == TreeEnd::kDeadlock ? OutcomeKind::kDeadlock
                                                                                    : OutcomeKind::kTimeout)}};
      if (t.end == TreeEnd::kDeadline)
        return {Outcome::Of(OutcomeKind::kTimeout), "the tree was still making progress at its deadline"};
      if (!t.deadlocked_alone.empty()) return {Outcome::Of(OutcomeKind::kDeadlock), deadlocked_alone_because(t)};
      return {Outcome::Of(OutcomeKind::kDeadlock),
              "no thread of any process could make progress: each waited without a timeout, or "
              "spun in place (an OpenMP barrier, a yield loop) without moving on"};
    case TreeEnd::kSignaled:
      return {Outcome::Crash(t.signal), "the main process was killed by " + signal_name(t.signal)};
    case TreeEnd::kLimit:
      return {Outcome::Limit(t.limit), "the tree went past its " + t.limit + " limit: " + t.limit_detail};
    case TreeEnd::kCrashLoop:
      // A crash still: the workers' signal is what went wrong, and the loop that
      // followed (the pool replacing them) is said beside it, not as a timeout.
      return {Outcome::Crash(t.signal), crashes_sentence(t.crashes, true, nullptr),
              RootCause{t.crashes.in_pool_worker() ? "pool workers" : "processes of the tree",
                        Outcome::Of(OutcomeKind::kTimeout)}};
    case TreeEnd::kInterrupted:
      return {Outcome::Of(OutcomeKind::kHarnessError), "the run was interrupted before the cell ended"};
    case TreeEnd::kExited:
      break;
  }
  if (o.channel.unsupported)
    return {Outcome::Of(OutcomeKind::kUnsupported), o.channel.unsupported_reason};
  if (!o.channel.started)
    return {Outcome::Of(OutcomeKind::kHarnessError),
            "the runner exited with status " + std::to_string(t.exit_code) +
                " before running the case (see stderr)"};
  if (o.channel.exception) {
    const PythonException& main = *o.channel.exception;
    const Outcome own = classify_exception(main);
    // The root cause wins over its consequence: a helper that died of a bootstrap or
    // pickling error leaves the main process a broken connection to it (3.14's
    // forkserver without a main guard: the server dies while preloading __main__,
    // start() gets ConnectionResetError).
    if (own.kind == OutcomeKind::kException && is_broken_connection(main) && raised_in_multiprocessing(main))
      for (const PythonException& child : o.child_tracebacks) {
        const Outcome cause = classify_exception(child);
        if (cause.kind != OutcomeKind::kBootstrapError && cause.kind != OutcomeKind::kPicklingError) continue;
        const std::string helper = helper_name(child);
        return {cause,
                helper + " died of " + cause.str() + " (" + child.type + "); the main process's " + main.type +
                    " followed from it",
                RootCause{helper, own}};
      }
    return {own, "the main process raised " + main.type};
  }
  if (t.exit_code != 0)
    return {Outcome::Exit(t.exit_code), "the main process exited with status " + std::to_string(t.exit_code)};
  if (!o.child_tracebacks.empty())
    return {classify_exception(o.child_tracebacks.front()),
            "the main process exited 0; a child printed a traceback of " +
                o.child_tracebacks.front().type};
  return {Outcome::Ok(), "the main process exited 0 and no child printed a traceback"};
}

}  // namespace mpc
