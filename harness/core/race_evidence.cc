#include "race_evidence.h"

#include "cell_run.h"
#include "hang_explanation.h"

namespace mpc {

namespace {

std::string threads_phrase(const AtFork& f) {
  std::string names;
  int unnamed = 0;
  for (const auto& t : f.threads) {
    if (t.name.empty()) {
      ++unnamed;
      continue;
    }
    names += (names.empty() ? "thread '" : ", '") + t.name + "'";
  }
  const int python = static_cast<int>(f.threads.size()) + f.threads_not_recorded;
  std::string s;
  if (python > 0) {
    if (f.threads.size() <= 3 && unnamed == 0 && f.threads_not_recorded == 0)
      s = (f.threads.size() == 1 ? names : "threads " + names.substr(7)) + " alive";
    else
      s = std::to_string(python) + " other Python threads alive";
  }
  const int native = f.native_thread_count();
  if (native > 0)
    s += (s.empty() ? "" : " and ") + std::to_string(native) +
         (native == 1 ? " thread Python did not start" : " threads Python did not start");
  return s;
}

}  // namespace

namespace {

bool beside_threads(const AtFork& f) {
  return !f.threads.empty() || f.threads_not_recorded > 0 || f.native_thread_count() > 0;
}

}  // namespace

std::optional<PyFrame> forked_beside_threads_at(const std::vector<AtFork>& forks) {
  for (const auto& f : forks) {
    if (!beside_threads(f)) continue;
    const PyFrame* where = user_frame(f.forking_stack);
    if (where) return *where;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> forked_beside_threads(const std::vector<AtFork>& forks) {
  for (const auto& f : forks) {
    if (!beside_threads(f)) continue;
    const PyFrame* where = user_frame(f.forking_stack);
    return (where ? "at " + short_file(where->file) + ":" + std::to_string(where->line) + " " : std::string()) + "with " + threads_phrase(f);
  }
  return std::nullopt;
}

std::optional<std::string> needs_run_alone(const CellResult& r) {
  if (r.concurrency.alone || r.concurrency.cells_beside == 0) return std::nullopt;
  switch (r.tree.end) {
    case TreeEnd::kDeadlock:
    case TreeEnd::kDeadline:
    case TreeEnd::kInterrupted:
    case TreeEnd::kLaunchFailed:
      return std::nullopt;  // it hung anyway, or never ran
    default:
      break;
  }
  const auto beside = forked_beside_threads(r.at_forks);
  if (!beside) return std::nullopt;
  return "it forked " + *beside + " and did not hang beside " + std::to_string(r.concurrency.cells_beside) +
         (r.concurrency.cells_beside == 1 ? " other cell" : " other cells");
}

}  // namespace mpc
