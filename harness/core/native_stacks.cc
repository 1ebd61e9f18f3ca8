#include "native_stacks.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "proc_tree.h"

extern char** environ;

namespace mpc {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string basename_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The file mapped at `address` in /proc/PID/maps.
std::string mapped_at(pid_t pid, unsigned long long address) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    unsigned long long start = 0, end = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx", &start, &end) != 2) continue;
    if (address < start || address >= end) continue;
    // start-end perms offset dev inode [path]
    std::istringstream fields(line);
    std::string range, perms, offset, dev, inode, path;
    fields >> range >> perms >> offset >> dev >> inode;
    std::getline(fields >> std::ws, path);
    return path.empty() ? "[anon]" : path;
  }
  return "";
}

std::string find_gdb() {
  const char* path = std::getenv("PATH");
  std::string dirs = std::string(path && *path ? path : "") + ":/usr/bin:/bin";
  std::istringstream in(dirs);
  std::string dir;
  while (std::getline(in, dir, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/gdb";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// Runs gdb on one process and returns what it printed, or "" after `limit` (gdb
// is then killed, which detaches it and lets the process run on as it was).
std::string gdb_backtraces(const std::string& gdb, pid_t pid, milliseconds limit) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return "";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  const std::string p = std::to_string(pid);
  // No init files, no auto-loaded scripts, no network lookups of debug info.
  std::vector<std::string> args = {gdb, "-batch", "-nx", "-iex", "set auto-load off",
                                   "-iex", "set debuginfod enabled off", "-p", p,
                                   "-ex", "set pagination off", "-ex", "set width 0",
                                   "-ex", "thread apply all bt 60"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t child = -1;
  const int rc = posix_spawn(&child, gdb.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return "";
  }
  std::string out;
  const auto until = Clock::now() + limit;
  bool timed_out = false;
  char buf[8192];
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd pfd{fds[0], POLLIN, 0};
    if (poll(&pfd, 1, static_cast<int>(left)) <= 0) continue;
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    if (out.size() < (4u << 20)) out.append(buf, n);
  }
  close(fds[0]);
  if (timed_out) kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  return timed_out ? "" : out;
}

bool is_system_object(const std::string& object) {
  const std::string b = basename_of(object);
  return b.rfind("libc.so", 0) == 0 || b.rfind("libpthread", 0) == 0 || b.rfind("ld-linux", 0) == 0 ||
         b.rfind("linux-vdso", 0) == 0;
}

struct Frame {
  std::string function, object;  // object: the library's file name, or "" (main program)
  bool system = false;
};

// "#3  0x00007f.. in GOMP_parallel () from /lib/x86_64-linux-gnu/libgomp.so.1"
// "#0  futex_wait (...) at ../sysdeps/nptl/futex-internal.h:146"
Frame frame_of(const std::string& line) {
  Frame f;
  std::string rest = line;
  const size_t in = rest.find(" in ");
  size_t name_at = 0;
  if (in != std::string::npos && rest.find("0x") != std::string::npos && rest.find("0x") < in) {
    name_at = in + 4;
  } else {
    // No address: "#0  name (args) at file:line"; skip "#N" and spaces.
    name_at = rest.find_first_not_of(' ', rest.find(' '));
  }
  if (name_at == std::string::npos) return f;
  const size_t from = rest.rfind(" from ");
  if (from != std::string::npos) f.object = basename_of(rest.substr(from + 6));
  // Without debug information the arguments are " ()" right before " from";
  // a C++ name carries its parameter list, which is dropped for reading.
  std::string head = rest.substr(name_at, from == std::string::npos ? std::string::npos : from - name_at);
  if (head.size() >= 3 && head.compare(head.size() - 3, 3, " ()") == 0) head.resize(head.size() - 3);
  else if (const size_t paren = head.find(" ("); paren != std::string::npos) head.resize(paren);
  if (const size_t params = head.find('('); params != std::string::npos && params > 0) head.resize(params);
  f.function = head;
  const size_t at = rest.rfind(" at ");
  if (f.object.empty() && at != std::string::npos) {
    // Source-level frame: glibc's own files say so by their paths.
    const std::string file = rest.substr(at + 4);
    if (file.find("sysdeps/") != std::string::npos || file.find("nptl/") != std::string::npos)
      f.object = "libc.so.6";
  }
  f.system = is_system_object(f.object);
  return f;
}

std::string describe(const Frame& f) {
  return (f.function.empty() ? "??" : f.function) + " in " + (f.object.empty() ? "the program" : f.object);
}

}  // namespace

RunningAt where_running(pid_t pid, pid_t tid) {
  if (ptrace(PTRACE_SEIZE, tid, nullptr, nullptr) != 0) return {};
  if (ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr) != 0) {
    ptrace(PTRACE_DETACH, tid, nullptr, nullptr);
    return {};
  }
  int status = 0;
  if (waitpid(tid, &status, __WALL) != tid || !WIFSTOPPED(status)) return {};  // it exited
  const bool interrupt_stop = (status >> 16) == PTRACE_EVENT_STOP;
  if (!interrupt_stop) {
    // A signal arrived first: hand it on untouched and take no sample.
    const long sig = WSTOPSIG(status);
    ptrace(PTRACE_DETACH, tid, nullptr, reinterpret_cast<void*>(sig));
    return {};
  }
  user_regs_struct regs{};
  const bool read = ptrace(PTRACE_GETREGS, tid, nullptr, &regs) == 0;
  ptrace(PTRACE_DETACH, tid, nullptr, nullptr);
  if (!read) return {};
  return {mapped_at(pid, regs.rip), regs.rip};
}

bool is_spin_runtime(const std::string& mapped_file) {
  const std::string b = basename_of(mapped_file);
  return b.rfind("libgomp", 0) == 0 || b.rfind("libomp", 0) == 0 || b.rfind("libiomp", 0) == 0;
}

std::vector<NativeStack> parse_gdb_backtraces(const std::string& gdb_output) {
  std::vector<NativeStack> out;
  std::istringstream in(gdb_output);
  std::string line;
  NativeStack* current = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("Thread ", 0) == 0) {
      const size_t lwp = line.find("(LWP ");
      current = nullptr;
      if (lwp == std::string::npos) continue;
      out.push_back({static_cast<pid_t>(std::atol(line.c_str() + lwp + 5)), "", ""});
      current = &out.back();
    } else if (current && line.rfind("#", 0) == 0) {
      current->text += line + "\n";
    } else if (line.empty()) {
      current = nullptr;
    }
  }
  for (auto& s : out) s.where = where_stuck(s.text);
  return out;
}

std::string where_stuck(const std::string& backtrace) {
  std::istringstream in(backtrace);
  std::string line;
  std::vector<Frame> frames;
  while (std::getline(in, line))
    if (line.rfind("#", 0) == 0) frames.push_back(frame_of(line));
  auto first = std::find_if(frames.begin(), frames.end(), [](const Frame& f) { return !f.system; });
  if (first == frames.end()) return frames.empty() ? "" : describe(frames.front());
  // A named function reads better than "??": take the innermost named frame of
  // that library, then the first frame of the library that called into it.
  auto named = first;
  for (auto it = first; it != frames.end() && it->object == first->object; ++it)
    if (it->function != "??") {
      named = it;
      break;
    }
  std::string where = describe(*named);
  for (auto it = first; it != frames.end(); ++it) {
    if (it->object == first->object || it->system) continue;
    auto caller = it;
    for (auto jt = it; jt != frames.end() && jt->object == it->object; ++jt)
      if (jt->function != "??") {
        caller = jt;
        break;
      }
    where += ", from " + describe(*caller);
    break;
  }
  return where;
}

void collect_native_stacks(std::vector<HungProcess>& hang, milliseconds per_process, milliseconds total) {
  const std::string gdb = find_gdb();
  if (gdb.empty()) return;
  const auto give_up = Clock::now() + total;
  std::vector<HungProcess*> order;
  for (auto& p : hang) order.push_back(&p);
  // The processes that explain a hang first; helpers waiting for requests last.
  std::stable_sort(order.begin(), order.end(), [](const HungProcess* a, const HungProcess* b) {
    auto rank = [](const HungProcess* p) { return p->judgement == "idle helper" ? 1 : 0; };
    return rank(a) < rank(b);
  });
  for (HungProcess* p : order) {
    const auto left = std::chrono::duration_cast<milliseconds>(give_up - Clock::now());
    if (left.count() <= 0) return;
    const std::string output = gdb_backtraces(gdb, p->pid, std::min(per_process, left));
    for (const NativeStack& s : parse_gdb_backtraces(output)) {
      for (auto& t : p->threads) {
        if (t.tid != s.tid) continue;
        t.native_stack = s.text;
        t.native_where = s.where;
        const size_t in = s.where.find(" in ");
        const std::string object = in == std::string::npos ? "" : s.where.substr(in + 4, s.where.find(',', in) - in - 4);
        // The probe's spin verdicts: in an OpenMP runtime, or yielding in a loop.
        const bool yields = s.text.rfind("sched_yield") != std::string::npos &&
                            s.text.find('\n') > s.text.find("sched_yield");
        if (t.wait.empty() && t.state == 'R' && (is_spin_runtime(object) || yields))
          t.wait = "a spin loop in " + object;
      }
    }
    // A process whose running threads all turned out to spin is not progressing.
    if (p->judgement != "progressing") continue;
    bool all_wait = true, on_children = false;
    for (const auto& t : p->threads) {
      if (t.state == 'Z' || t.state == 'X') continue;
      all_wait = all_wait && !t.wait.empty();
      on_children = on_children || t.wait == "waitpid" || t.wait == "poll without timeout";
    }
    if (all_wait) p->judgement = on_children ? "waiting on children" : "stuck";
  }
}

}  // namespace mpc
