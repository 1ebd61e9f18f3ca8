#include "hidden_hang.h"

#include <cstdio>

namespace mpc {

namespace {

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

std::string trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  return s;
}

}  // namespace

std::string hidden_hang_sentence(const TreeRun::UnwaitedDeadlock& d, const AtFork* fork, const SourceLine& source) {
  std::string s = "pid " + std::to_string(d.pid) + " deadlocked on its own " + seconds(d.since_s) +
                  " after the start (" + d.why + ") while nothing waited for it without a timeout, and ";
  s += d.gone ? "was dead when the program ended (last seen waiting at " + seconds(d.last_seen_s) +
                    "): killed by the program, for it could never have woken and the harness ends nothing before "
                    "the end."
              : "was still there when the program ended.";
  if (!fork) return s + " Its fork was not recorded.";
  const PyFrame* where = user_frame(fork->forking_stack);
  s += " At its fork";
  if (where) {
    const std::string call = trimmed(source(where->file, where->line));
    s += " (" + short_file(where->file) + ":" + std::to_string(where->line) + (call.empty() ? "" : ", `" + call + "`") + ")";
  }
  const std::string held = locks_held_at_fork(*fork, source);
  if (!held.empty()) return s + ", " + held + ".";
  if (fork->threads.empty()) return s + ", the parent had no other Python thread.";
  return s + ", no other thread of the parent was seen inside a lock.";
}

nlohmann::json hidden_hangs_json(const TreeRun& tree, const std::vector<AtFork>& forks, const SourceLine& source) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : tree.deadlocked_unwaited)
    out.push_back({{"pid", d.pid},
                   {"ppid", d.ppid},
                   {"since_s", d.since_s},
                   {"last_seen_s", d.last_seen_s},
                   {"gone", d.gone},
                   {"why", d.why},
                   {"explanation", hidden_hang_sentence(d, at_fork_of(forks, d.pid), source)}});
  return out;
}

}  // namespace mpc
