#include "hang_probe.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <algorithm>
#include <set>

#include "native_stacks.h"

namespace mpc {
namespace {

// x86_64 syscall numbers of the waits that matter.
enum : long {
  kRead = 0, kPoll = 7, kReadv = 19, kSelect = 23, kPause = 34, kAccept = 43,
  kRecvfrom = 45, kRecvmsg = 47, kWait4 = 61, kSemop = 65, kFlock = 73,
  kSigsuspend = 130, kFutex = 202, kEpollWait = 232, kWaitid = 247, kPselect6 = 270,
  kPpoll = 271, kEpollPwait = 281, kAccept4 = 288, kEpollPwait2 = 441,
};

bool futex_waits_forever(const uint64_t* a) {
  const uint64_t op = a[1] & 0x7f;  // without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME
  const bool wait_op = op == 0 /*WAIT*/ || op == 9 /*WAIT_BITSET*/ || op == 6 /*LOCK_PI*/ ||
                       op == 11 /*WAIT_REQUEUE_PI*/ || op == 13 /*LOCK_PI2*/;
  return wait_op && a[3] == 0;  // no timeout pointer
}

constexpr uint64_t kFutexPrivateFlag = 128;

// Signals a process may handle and still be unable to wake itself: SIGINT
// (Python's default handler, which nothing in a cell sends), the fatal signals
// faulthandler takes, glibc's internal 32 and 33, and the harness's stack dump
// signal (SIGRTMIN + 6, harness/pyhooks/sitecustomize.py).
uint64_t bit(int signal) { return uint64_t(1) << (signal - 1); }
const uint64_t kHarmlessSignals = bit(2) | bit(4) | bit(6) | bit(7) | bit(8) | bit(11) | bit(32) | bit(33) |
                                  bit(SIGRTMIN + 6);

bool int_is_minus_one(uint64_t v) { return static_cast<int32_t>(v & 0xffffffffu) == -1; }

// What descriptor `fd` of process `pid` is ("pipe:[4242]", "socket:[77]"), or "".
std::string open_file(pid_t pid, long fd) {
  char link[64], target[256];
  std::snprintf(link, sizeof link, "/proc/%d/fd/%ld", static_cast<int>(pid), fd);
  const ssize_t n = readlink(link, target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<size_t>(n)) : "";
}

// The pipes and sockets process `pid` holds open.
std::set<std::string> open_channels(pid_t pid) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    const std::string what = open_file(pid, std::strtol(e.path().filename().c_str(), nullptr, 10));
    if (what.rfind("pipe:", 0) == 0 || what.rfind("socket:", 0) == 0) out.insert(what);
  }
  return out;
}

}  // namespace

HoldsSame holds_same_in_proc() {
  return [](pid_t reader, long fd, pid_t other) {
    const std::string channel = open_file(reader, fd);
    return !channel.empty() && open_channels(other).count(channel) > 0;
  };
}

bool waits_for_child(const ProcessSample& parent, const ProcessSample& child, const HoldsSame& holds_same) {
  for (const auto& t : parent.threads) {
    if (untimed_wait(t).empty()) continue;
    const int32_t first = static_cast<int32_t>(t.args[0] & 0xffffffffu);
    if (t.syscall == kWait4 && (first == child.pid || first == -1 || first == 0)) return true;
    if (t.syscall == kWaitid && (first == 0 /*P_ALL*/ || static_cast<pid_t>(t.args[1]) == child.pid)) return true;
    if ((t.syscall == kRead || t.syscall == kReadv || t.syscall == kRecvfrom || t.syscall == kRecvmsg) &&
        holds_same(parent.pid, first, child.pid))
      return true;
  }
  return false;
}

std::string untimed_wait(const ThreadSample& t) {
  if (t.state != 'S') return "";  // running, in D state (I/O), or gone
  const uint64_t* a = t.args;
  switch (t.syscall) {
    case kFutex: return futex_waits_forever(a) ? "futex wait" : "";
    case kRead: case kReadv: case kRecvfrom: case kRecvmsg: return "read";
    case kWait4: case kWaitid: return "waitpid";
    case kPoll: case kEpollWait: case kEpollPwait:
      return int_is_minus_one(a[2]) || (t.syscall != kPoll && int_is_minus_one(a[3]))
                 ? "poll without timeout" : "";
    case kPpoll: return a[2] == 0 ? "poll without timeout" : "";
    case kSelect: case kPselect6: return a[4] == 0 ? "select without timeout" : "";
    case kEpollPwait2: return a[3] == 0 ? "poll without timeout" : "";
    case kAccept: case kAccept4: return "accept";
    case kPause: case kSigsuspend: return "pause";
    case kSemop: return "semop";
    case kFlock: return "flock";
    default: return "";
  }
}

bool waits_on_private_futex(const ThreadSample& t) {
  return t.state == 'S' && t.syscall == kFutex && futex_waits_forever(t.args) && (t.args[1] & kFutexPrivateFlag);
}

std::string waits_on_itself(const ProcessSample& p) {
  int live = 0;
  for (const auto& t : p.threads) {
    if (t.state == 'Z' || t.state == 'X') continue;
    if (!waits_on_private_futex(t)) return "";
    ++live;
  }
  if (live == 0 || (p.signals_caught & ~kHarmlessSignals) != 0) return "";
  return live == 1 ? "its only thread waits without a timeout on a lock private to the process"
                   : "each of its " + std::to_string(live) +
                         " threads waits without a timeout on a lock private to the process";
}

std::string judge_process(const ProcessSample& p, const std::string& role) {
  bool waits_on_children = false;
  for (const auto& t : p.threads) {
    if (t.state == 'Z' || t.state == 'X') continue;
    const std::string w = untimed_wait(t);
    if (w.empty()) return "progressing";
    // A parent in join() waits in waitpid, or polls its children's sentinels.
    if (w == "waitpid" || w == "poll without timeout" || w == "select without timeout")
      waits_on_children = true;
  }
  if (role == "resource-tracker" || role == "forkserver") return "idle helper";
  return waits_on_children ? "waiting on children" : "stuck";
}

WhereRunning where_running_in_proc() {
  const pid_t self = getpid();
  return [self](const ProcessSample& p, const ThreadSample& t) -> IpSample {
    // The leader of a process we are the parent of: its exit status is for our
    // own waitpid, which a ptrace wait here could take first.
    if (p.ppid == self && t.tid == p.pid) return {};
    const RunningAt at = where_running(p.pid, t.tid);
    return {at.file, at.ip};
  };
}

bool HangProbe::spinning(const std::vector<ProcessSample>& tree,
                         std::chrono::steady_clock::time_point now) {
  std::vector<long> tids;
  uint64_t blocked_ticks = 0;
  for (const auto& p : tree) {
    for (const auto& t : p.threads) {
      if (t.state == 'Z' || t.state == 'X') continue;
      if (!untimed_wait(t).empty()) {
        blocked_ticks += t.cpu_ticks;
      } else if (t.state == 'R') {
        tids.push_back(t.tid);
      } else {
        spin_tids_.clear();  // a timed wait or I/O: the tree can move by itself
        return false;
      }
    }
  }
  if (!where_ || tids.empty()) {
    spin_tids_.clear();
    return false;
  }
  if (tids != spin_tids_ || blocked_ticks != spin_blocked_ticks_) {
    spin_tids_ = tids;
    spin_since_ = now;
    spin_blocked_ticks_ = blocked_ticks;
    spin_samples_ = 0;
    spin_ips_.clear();
    return false;
  }
  if (now - spin_since_ < quiet_) return false;
  for (const auto& p : tree) {
    for (const auto& t : p.threads) {
      if (t.state != 'R' || !untimed_wait(t).empty()) continue;
      const IpSample at = where_(p, t);
      Spread& s = spin_ips_[t.tid];
      s.lo = std::min(s.lo, at.ip);
      s.hi = std::max(s.hi, at.ip);
      s.in_runtime = s.in_runtime && is_spin_runtime(at.file);
      if (at.file.empty() || !(s.in_runtime || s.hi - s.lo < kSpinBytes)) {
        spin_since_ = now;  // real work somewhere, or unknown: start over
        spin_samples_ = 0;
        spin_ips_.clear();
        return false;
      }
    }
  }
  return ++spin_samples_ >= kSpinSamples;
}

bool HangProbe::one_deadlocked(const std::vector<ProcessSample>& tree,
                               std::chrono::steady_clock::time_point now) {
  std::map<pid_t, const ProcessSample*> by_pid;
  for (const auto& p : tree) by_pid[p.pid] = &p;
  std::map<pid_t, Still> still;
  alone_.clear();
  for (const auto& p : tree) {
    const std::string why = waits_on_itself(p);
    if (why.empty()) continue;
    uint64_t ticks = 0;
    for (const auto& t : p.threads) ticks += t.cpu_ticks;
    auto was = still_.find(p.pid);
    Still s{ticks, now};
    if (was != still_.end() && was->second.ticks == ticks) s.since = was->second.since;
    still[p.pid] = s;
    const auto parent = by_pid.find(p.ppid);
    const bool waited_for = parent == by_pid.end() || waits_for_child(*parent->second, p, holds_same_);
    if (waited_for && now - s.since >= quiet_) {
      if (alone_.empty() || s.since < alone_since_) alone_since_ = s.since;
      alone_.push_back(p.pid);
    } else if (!waited_for && now - s.since >= quiet_) {
      auto [it, added] = unwaited_.try_emplace(p.pid);
      if (added) it->second = Unwaited{p.pid, p.ppid, why, s.since, now};
      it->second.last_seen = now;
    }
  }
  still_ = std::move(still);
  return !alone_.empty();
}

bool HangProbe::observe(const std::vector<ProcessSample>& tree,
                        std::chrono::steady_clock::time_point now) {
  // One process deadlocked on its own is a deadlock, whatever the rest does; the
  // whole tree stuck is said as such.
  last_observed_ = now;
  const bool alone = one_deadlocked(tree, now);
  if (whole_tree_stuck(tree, now)) {
    alone_.clear();
    return true;
  }
  if (alone) stuck_since_ = alone_since_;
  return alone;
}

bool HangProbe::whole_tree_stuck(const std::vector<ProcessSample>& tree,
                                 std::chrono::steady_clock::time_point now) {
  uint64_t ticks = 0;
  bool all_blocked = !tree.empty();
  for (const auto& p : tree) {
    for (const auto& t : p.threads) {
      ticks += t.cpu_ticks;
      if (t.state == 'Z' || t.state == 'X') continue;  // an exited thread waits for nothing
      if (untimed_wait(t).empty()) all_blocked = false;
    }
  }
  if (!all_blocked) {
    stuck_ = false;
    if (spinning(tree, now)) {
      stuck_since_ = spin_since_;
      return true;
    }
    return false;
  }
  spin_tids_.clear();
  // CPU time spent while everything looks blocked is progress between samples:
  // the quiet window starts again from here.
  if (!stuck_ || ticks != ticks_) {
    stuck_ = true;
    stuck_since_ = now;
    ticks_ = ticks;
  }
  return now - stuck_since_ >= quiet_;
}

}  // namespace mpc
