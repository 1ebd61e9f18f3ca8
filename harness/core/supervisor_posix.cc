// The supervisor on Linux: Boost.Process launches, /proc tells who belongs to the
// cell and what each thread waits for, pidfd tells when the main process exits.
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <boost/process/start_dir.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "hang_probe.h"
#include "native_stacks.h"
#include "interrupt.h"
#include "containment.h"
#include "pids_cgroup.h"
#include "private_ipc.h"
#include "supervisor.h"

namespace bp = boost::process;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace mpc {
namespace {

constexpr milliseconds kSampleEvery{100};
constexpr milliseconds kSampleFast{10};
constexpr milliseconds kTrackerGrace{1000};
constexpr milliseconds kDetailsBudget{250};

// Roots of the cells running now: their supervisors reap them, reap_strays() must not.
std::mutex g_roots_mutex;
std::set<pid_t> g_roots;

bool is_other_cells_group(pid_t pgid) {
  std::lock_guard<std::mutex> lock(g_roots_mutex);
  return g_roots.count(pgid) > 0;
}

std::string role_of(const std::string& cmdline, bool is_root) {
  if (is_root) return "main";
  // semaphore_tracker is the resource tracker's name before Python 3.8.
  if (cmdline.find("resource_tracker") != std::string::npos ||
      cmdline.find("semaphore_tracker") != std::string::npos)
    return "resource-tracker";
  if (cmdline.find("forkserver") != std::string::npos) return "forkserver";
  return "child";
}

// Follows one cell's processes through /proc: descendants of the root, members of
// its process group, and orphans reparented to us that carry the cell's token.
class CellMembers {
 public:
  CellMembers(pid_t root, std::string token, const PidsCgroup* cgroup)
      : root_(root), token_(std::move(token)), cgroup_(cgroup) {}

  // Live (non-zombie) members now, with their threads and command lines when
  // `details` (the hang probe needs them; counting does not, and must stay cheap
  // while a fork bomb grows); remembers everyone ever seen.
  std::vector<ProcessSample> scan(bool details = true) {
    // Nothing leaves a cgroup but by a privileged move: with one, its members are
    // the tree, read from one file instead of a walk of every process on the machine.
    // (A group whose folder has gone, with a hierarchy someone unmounted, tells
    // nothing: then every process is looked at, as without one.)
    const bool by_cgroup = cgroup_ && cgroup_->readable();
    const std::set<pid_t> grouped = by_cgroup ? cgroup_->members() : std::set<pid_t>{};
    std::vector<ProcessSample> all =
        by_cgroup ? list_processes(std::vector<pid_t>(grouped.begin(), grouped.end())) : list_processes();
    std::set<pid_t> now;
    const pid_t self = getpid();
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& p : all) {
        if (now.count(p.pid)) continue;
        // Reading another process's environment waits for its memory map lock
        // (held through a fork), so it is the last resort: not with a cgroup,
        // and not for a process in another running cell's group.
        bool member = p.pid == root_ || p.pgid == root_ || now.count(p.ppid) ||
                      seen_.count(p.pid) || grouped.count(p.pid) ||
                      (!by_cgroup && p.ppid == self && !is_other_cells_group(p.pgid) &&
                       environ_has(p.pid, token_));
        if (member) {
          now.insert(p.pid);
          grew = true;
        }
      }
    }
    std::vector<ProcessSample> live;
    const auto budget_end = Clock::now() + kDetailsBudget;
    for (auto p : all) {
      if (!now.count(p.pid)) continue;
      // Details that take this long come from processes busy forking (their
      // memory map lock is held): such a tree is not stuck, and the samples that
      // check its limits must not wait behind these reads. Empty means "busy".
      if (details && Clock::now() > budget_end) return {};
      zombies_or_ours_.insert(p.pid);
      if (p.state == 'Z' || p.state == 'X') continue;
      if (!details) {
        // Only /proc/PID/stat is read here: cmdline and smaps wait for a process's
        // memory map lock, which a process in the middle of fork() holds.
        seen_.emplace(p.pid, ProcessRecord{p.pid, p.ppid, "", p.pid == root_ ? "main" : "child"});
        live.push_back(p);
        continue;
      }
      if (!sample_details(p)) continue;
      auto& rec = seen_[p.pid];
      if (rec.pid != 0 && rec.cmdline.empty()) rec = {};  // first seen while counting
      if (rec.pid == 0) rec = {p.pid, p.ppid, p.cmdline, role_of(p.cmdline, p.pid == root_)};
      live.push_back(p);
    }
    return live;
  }

  std::vector<ProcessRecord> records() const {
    std::vector<ProcessRecord> out;
    for (const auto& [pid, rec] : seen_) out.push_back(rec);
    return out;
  }
  const std::set<pid_t>& ever() const { return zombies_or_ours_; }
  bool is_tracker(pid_t pid) const { return role(pid) == "resource-tracker"; }
  std::string role(pid_t pid) const {
    auto it = seen_.find(pid);
    return it == seen_.end() ? "child" : it->second.role;
  }

 private:
  pid_t root_;
  std::string token_;
  const PidsCgroup* cgroup_;
  std::map<pid_t, ProcessRecord> seen_;
  std::set<pid_t> zombies_or_ours_;
};

void drain(int& fd, Captured& c, size_t cap, ChildCrashes* crashes = nullptr) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      if (crashes) crashes->feed(buf, n);  // all of it, past the cap too
      c.bytes += n;
      size_t room = c.text.size() < cap ? cap - c.text.size() : 0;
      c.text.append(buf, std::min<size_t>(room, n));
      if (static_cast<size_t>(n) > room) c.truncated = true;
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      close(fd);
      fd = -1;
    }
    return;
  }
}

std::vector<HungProcess> hang_report(const std::vector<ProcessSample>& tree, const CellMembers& members) {
  std::vector<HungProcess> out;
  for (const auto& p : tree) {
    HungProcess h{p.pid, p.ppid, members.role(p.pid), p.cmdline, "", {}};
    h.judgement = judge_process(p, h.role);
    for (const auto& t : p.threads)
      h.threads.push_back({t.tid, t.name, t.state, untimed_wait(t), t.wchan, t.syscall, "", "", ""});
    out.push_back(std::move(h));
  }
  return out;
}

// The signal harness/pyhooks/sitecustomize.py gives to faulthandler.
int stack_dump_signal() { return SIGRTMIN + 6; }

// Reads what arrives on `fd` until it has been quiet for `quiet` after the first
// byte, or nothing came within `first`.
std::string read_burst(int fd, milliseconds first, milliseconds quiet, size_t cap) {
  std::string out;
  auto until = Clock::now() + first;
  char buf[4096];
  while (fd >= 0 && out.size() < cap) {
    auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) break;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, n);
    until = Clock::now() + quiet;
  }
  return out;
}

// Asks each Python thread of the tree for its stack, one thread at a time, so the
// dump on the shared stderr belongs to that thread alone. Processes without the
// handler (not Python, or started with -S) keep their native waits only.
void collect_python_stacks(std::vector<HungProcess>& hang, int& err_fd, Captured& err, size_t cap) {
  const auto give_up = Clock::now() + std::chrono::seconds(10);
  for (auto& p : hang) {
    if (!catches_signal(p.pid, stack_dump_signal())) continue;
    for (auto& t : p.threads) {
      if (err_fd < 0 || Clock::now() > give_up) return;
      drain(err_fd, err, cap);  // what came before belongs to the case's stderr
      if (err_fd < 0) return;
      if (syscall(SYS_tgkill, p.pid, t.tid, stack_dump_signal()) != 0) continue;
      t.python_stack = read_burst(err_fd, milliseconds(500), milliseconds(60), 64 * 1024);
    }
  }
}

// Kills every member, the resource trackers last: given a moment after the others
// die, a tracker unlinks the semaphores and shared memory the tree left behind.
// `last_counted`: the tree's size at the sample that found a bomb, which dies by
// one signal to its process group, unseen by the scans below.
int kill_members(CellMembers& members, pid_t root, PidsCgroup* cgroup, bool bomb, int last_counted) {
  int killed = 0;
  // Nothing leaves a cgroup but by a privileged move: an empty one (the usual end)
  // means nothing to kill, and spares the scans below; only orphans to reap.
  // Without one, a single walk that finds nobody left does as well.
  if (!bomb && (cgroup ? cgroup->readable() && cgroup->members().empty() : members.scan(false).empty())) {
    for (pid_t pid : members.ever()) waitpid(pid, nullptr, WNOHANG);
    return 0;
  }
  if (bomb) {
    // Past the process limit there is no tracker worth waiting for: the whole
    // group and cgroup die at once, before anything else reads /proc.
    // The group often dies by that one signal before the cgroup is read again:
    // what the sample counted is what was killed, unless the cgroup saw more.
    const int by_group = kill(-root, SIGKILL) == 0 ? last_counted : 0;
    killed += std::max(by_group, cgroup ? cgroup->kill_all() : 0);
  }
  // Stopped processes cannot fork: freezing the process group first keeps a fork
  // bomb from outrunning the scans below. Trackers are let go again further down.
  kill(-root, SIGSTOP);
  auto kill_round = [&](bool trackers_too) {
    int sent = 0;
    for (const auto& p : members.scan(false)) {
      if (!trackers_too && members.is_tracker(p.pid)) continue;
      if (kill(p.pid, SIGKILL) == 0) ++sent;
    }
    return sent;
  };
  for (int round = 0; round < 200; ++round) {
    int sent = kill_round(false);
    killed += sent;
    if (sent == 0) break;
    std::this_thread::sleep_for(milliseconds(5));
  }
  for (const auto& p : members.scan(false))
    if (members.is_tracker(p.pid)) kill(p.pid, SIGCONT);
  for (auto until = Clock::now() + kTrackerGrace; Clock::now() < until;) {
    if (members.scan(false).empty()) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  for (int round = 0; round < 200; ++round) {
    int sent = kill_round(true);
    killed += sent;
    if (sent == 0) break;
    std::this_thread::sleep_for(milliseconds(5));
  }
  // Whatever left the process group and its token behind is still in the cgroup.
  if (cgroup) killed += cgroup->kill_all();
  // Orphans were reparented to us (the subreaper): reap those that are ours.
  for (pid_t pid : members.ever()) waitpid(pid, nullptr, WNOHANG);
  return killed;
}

// In the child between fork and exec: its own process group, and every inherited
// descriptor above stderr closed at exec (close_range is async-signal-safe) but the
// one the runner waits on. Joins the cell's pids cgroup itself when the program does
// not wait to be moved, and where permitted moves into a private IPC namespace with
// its own /dev/shm (only syscalls: async-signal-safe).
struct ChildSetup {
  int join_fds[2] = {-1, -1};  // cgroup.procs of the cell's groups, to write "0" to
  int keep_fd = -1;            // the ready pipe the runner reads, kept open across exec
  PrivateIpcSetup ipc;
  // RLIMIT_NPROC for a user that is not root (0: leave it): `max_tasks` counts all
  // of the user's tasks; `own_max_tasks` only the tree's, in its user namespace
  // (should the namespace be refused after all, the tree runs without either).
  rlim_t max_tasks = 0, own_max_tasks = 0;
  template <class Executor>
  void operator()(Executor&) const {
    // A session of its own is a process group of its own, and where the kernel
    // groups CPU time by session (autogroup), a tree of a thousand processes then
    // competes for CPU as one, so the supervisor still gets to stop it.
    if (setsid() < 0) setpgid(0, 0);
    // Should mpconform itself be killed outright, the case's main process goes
    // with it (the rest of the tree is then the next run's to clean, by cgroup).
    // It fires when the forking thread ends: a scheduler worker outlives its cells.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // mpconform ignores SIGPIPE (main.cc); an ignored signal stays ignored across
    // exec, and the case must start as it would from a shell.
    struct sigaction default_pipe {};
    default_pipe.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &default_pipe, nullptr);
    for (int fd : join_fds)
      if (fd >= 0) (void)!write(fd, "0", 1);
    // In a user namespace of its own the kernel counts the tree's tasks apart from
    // the user's others (set after the namespace is made, so the user's own limit
    // stays the one above it): a ceiling for this tree alone, which a bomb in
    // another cell of the same user cannot use up.
    const bool own_count = enter_private_ipc(ipc) && ipc.mode == PrivateIpcMode::kUserNamespace;
    const rlim_t tasks = own_count ? own_max_tasks : max_tasks;
    if (tasks > 0) {
      rlimit r{tasks, tasks};
      setrlimit(RLIMIT_NPROC, &r);
    }
    syscall(SYS_close_range, 3u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */);
    if (keep_fd >= 0) fcntl(keep_fd, F_SETFD, 0);
  }
};

// Without a cgroup, the kernel's per-user task limit is the ceiling that stops a
// fork bomb between samples; it counts every task of the user, so it is set above
// what the user runs now. Root ignores it (root gets the cgroup instead).
rlim_t user_task_ceiling(int max_processes) {
  if (geteuid() == 0) return 0;
  rlim_t tasks = 0;
  for (const auto& p : list_processes()) {
    struct stat st {};
    const std::string dir = "/proc/" + std::to_string(p.pid);
    if (stat(dir.c_str(), &st) != 0 || st.st_uid != geteuid()) continue;
    std::string status;
    if (!read_small_file(dir + "/status", status)) continue;
    const size_t at = status.find("\nThreads:");
    tasks += at == std::string::npos ? 1 : std::strtoul(status.c_str() + at + 9, nullptr, 10);
  }
  return tasks + 2 * max_processes + 64;
}

bool same_namespace(pid_t pid, const char* ns) {
  char mine[64] = {0}, theirs[64] = {0};
  const std::string self_link = std::string("/proc/self/ns/") + ns;
  const std::string their_link = "/proc/" + std::to_string(pid) + "/ns/" + ns;
  if (readlink(self_link.c_str(), mine, sizeof mine - 1) < 0) return true;
  if (readlink(their_link.c_str(), theirs, sizeof theirs - 1) < 0) return true;
  return std::string(mine) == theirs;
}

std::string mib(uint64_t bytes) { return std::to_string((bytes + (1 << 19)) >> 20) + " MiB"; }

bool hit_process_limit(const LaunchSpec& spec, int live, TreeRun& run) {
  run.limit = "processes";
  run.limit_detail = std::to_string(live) + " live processes" +
                     (run.forks_refused ? ", " + std::to_string(run.forks_refused) + " forks refused" : "") +
                     " (limit " + std::to_string(spec.max_processes) + ")";
  return true;
}

// Which limit the tree is past now, if any, with what was measured; updates peaks.
// run.forks_refused is this sample's, read by cgroup_past_limit just before.
bool past_a_limit(const LaunchSpec& spec, const std::vector<ProcessSample>& tree, TreeRun& run) {
  const int live = static_cast<int>(tree.size());
  run.peak_processes = std::max(run.peak_processes, live);
  if (live > spec.max_processes || run.forks_refused > 0) return hit_process_limit(spec, live, run);
  // RSS is cheap and never less than PSS; only a tree whose RSS is past the limit
  // pays for PSS, which counts the pages forked processes share once.
  uint64_t memory = 0;
  for (const auto& p : tree) memory += resident_memory(p.pid);
  if (memory > spec.max_memory) {
    memory = 0;
    for (const auto& p : tree) memory += memory_in_use(p.pid);
  }
  run.peak_memory = std::max(run.peak_memory, memory);
  if (memory > spec.max_memory) {
    run.limit = "memory";
    run.limit_detail = mib(memory) + " in use over the tree (limit " + mib(spec.max_memory) + ")";
    return true;
  }
  return false;
}

bool cgroup_past_limit(const LaunchSpec& spec, const PidsCgroup& cgroup, TreeRun& run) {
  run.forks_refused = cgroup.forks_refused();
  const int tasks = cgroup.task_count();
  if (run.forks_refused == 0 && tasks <= spec.max_processes) return false;
  // Tasks count threads too: only a refused fork or too many processes are past it.
  const int live = static_cast<int>(cgroup.members().size());
  run.peak_processes = std::max(run.peak_processes, live);
  if (run.forks_refused == 0 && live <= spec.max_processes) return false;
  return hit_process_limit(spec, live, run);
}

bool past_output_limit(const LaunchSpec& spec, TreeRun& run) {
  const uint64_t written = run.out.bytes + run.err.bytes;
  if (written <= spec.max_output) return false;
  run.limit = "output";
  run.limit_detail = mib(written) + " written to stdout and stderr (limit " + mib(spec.max_output) + ")";
  return true;
}

}  // namespace

const char* to_string(TreeEnd end) {
  switch (end) {
    case TreeEnd::kExited: return "exited";
    case TreeEnd::kSignaled: return "signaled";
    case TreeEnd::kDeadlock: return "deadlock";
    case TreeEnd::kDeadline: return "deadline";
    case TreeEnd::kLaunchFailed: return "launch-failed";
    case TreeEnd::kInterrupted: return "interrupted";
    case TreeEnd::kLimit: return "limit";
    case TreeEnd::kCrashLoop: return "crash-loop";
  }
  return "launch-failed";
}

void become_subreaper() { prctl(PR_SET_CHILD_SUBREAPER, 1); }

void reap_strays() {
  for (const auto& p : list_processes(own_children())) {
    if (p.state != 'Z') continue;
    std::lock_guard<std::mutex> lock(g_roots_mutex);
    if (!g_roots.count(p.pid)) waitpid(p.pid, nullptr, WNOHANG);
  }
}

int kill_orphans() {
  const pid_t self = getpid();
  int killed = 0;
  for (int round = 0; round < 50; ++round) {
    int found = 0;
    for (const auto& p : list_processes(own_children())) {
      if (p.ppid != self) continue;
      ++found;
      if (p.state != 'Z' && kill(p.pid, SIGKILL) == 0) ++killed;
      waitpid(p.pid, nullptr, WNOHANG);
    }
    if (found == 0) break;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return killed;
}

TreeRun run_tree(const LaunchSpec& spec, const HoldHungTree& hold) {
  TreeRun run;
  bp::pipe out_pipe, err_pipe;
  bp::environment env;
  for (const auto& entry : spec.env) {
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  std::vector<std::string> args(spec.argv.begin() + 1, spec.argv.end());
  const Containment& box = run_containment();
  std::unique_ptr<PidsCgroup> cgroup;
  // The cgroup counts threads too, so it is a ceiling well above the process limit
  // (which the samples enforce): it is there to stop a fork bomb between samples.
  if (!spec.cgroup_name.empty())
    cgroup = PidsCgroup::create(box.cgroup, spec.cgroup_name, 2 * spec.max_processes + 64);
  ChildSetup setup;
  setup.ipc = private_ipc_setup(spec.private_ipc ? box.ipc : PrivateIpcMode::kNone);
  // A user's ceiling: in its own user namespace, counted for the tree alone; else
  // over all of the user's tasks (a walk of /proc to count them, so only then).
  const bool user_ceiling = !cgroup && geteuid() != 0;
  const bool own_count = setup.ipc.mode == PrivateIpcMode::kUserNamespace;
  if (user_ceiling && own_count) setup.own_max_tasks = 2 * spec.max_processes + 64;
  if (user_ceiling && !own_count) setup.max_tasks = user_task_ceiling(spec.max_processes);
  // A program that waits on --ready-fd (the runner) is moved into its cgroup from
  // here while it starts; any other joins by itself before exec.
  // A socket, not a pipe: the program may end before reading the byte (the runner
  // does when the case is unsupported), and a write to a pipe nobody reads raises
  // SIGPIPE, which would end mpconform and its whole run unreported; send() is told
  // not to.
  int ready[2] = {-1, -1};
  if (cgroup && spec.waits_on_ready_fd && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ready) == 0) {
    setup.keep_fd = ready[0];
    args.push_back("--ready-fd");
    args.push_back(std::to_string(ready[0]));
  } else if (cgroup) {
    const std::vector<std::string> files = cgroup->procs_files();
    for (size_t i = 0; i < files.size() && i < 2; ++i) setup.join_fds[i] = open(files[i].c_str(), O_WRONLY | O_CLOEXEC);
  }
  auto close_launch_fds = [&] {  // the child has its copies
    for (int* fd : {&ready[0], &setup.join_fds[0], &setup.join_fds[1]})
      if (*fd >= 0) close(std::exchange(*fd, -1));
  };
  const auto started = Clock::now();
  pid_t root = -1;
  try {
    std::lock_guard<std::mutex> lock(g_roots_mutex);
    bp::child child(spec.argv[0], bp::args(args), env, bp::start_dir(spec.cwd),
                    bp::std_in < bp::null, bp::std_out > out_pipe, bp::std_err > err_pipe,
                    bp::extend::on_exec_setup(setup));
    root = child.id();
    child.detach();  // this supervisor waits for it through its pidfd
    g_roots.insert(root);
  } catch (const std::exception& e) {
    close_launch_fds();
    if (ready[1] >= 0) close(ready[1]);
    run.launch_error = e.what();
    return run;
  }
  close_launch_fds();
  // Looked at while the tree surely lives: a runner waits for the byte below; any
  // other program may already have ended (then it is reported without).
  run.private_ipc = setup.ipc.mode != PrivateIpcMode::kNone && !same_namespace(root, "ipc") && has_own_dev_shm(root);
  if (ready[1] >= 0) {
    // The runner starts Python meanwhile and runs nothing of the case's before
    // this byte: its whole tree is in the cgroup. A failed move leaves it without.
    if (!cgroup->attach(root)) cgroup.reset();
    (void)!send(ready[1], "1", 1, MSG_NOSIGNAL);
    close(ready[1]);
  }
  const bool kernel_ceiling = cgroup || setup.max_tasks > 0 || setup.own_max_tasks > 0;
  run.containment = cgroup                 ? box.cgroup.describe()
                    : setup.own_max_tasks  ? "rlimit (user namespace)"
                    : setup.max_tasks      ? "rlimit"
                                           : "counting";

  int out_fd = dup(out_pipe.native_source());
  int err_fd = dup(err_pipe.native_source());
  out_pipe.close();
  err_pipe.close();
  for (int fd : {out_fd, err_fd}) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
  const milliseconds backpressure(spec.stderr_backpressure_ms);
  if (backpressure.count() > 0) fcntl(err_fd, F_SETPIPE_SZ, 4096);
  auto next_err_read = started;
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, root, 0));

  CellMembers members(root, spec.cell_token, cgroup.get());
  HangProbe probe(spec.hang_quiet);
  auto deadline = started + spec.deadline;
  const auto cap = started + std::max(spec.deadline, spec.deadline_cap);
  size_t progress_seen = 0;
  // Moves the deadline on when the tree got further since the last look.
  auto note_progress = [&](Clock::time_point now) {
    if (!spec.progress || cap <= deadline) return;
    const size_t progress = spec.progress();
    if (progress == progress_seen) return;
    progress_seen = progress;
    deadline = std::min(cap, now + spec.deadline);
  };
  // Without a kernel ceiling only the samples stop a bomb, and a bomb grows by
  // hundreds in 100 ms: the tree is counted every 10 ms, probed every 100 ms.
  const milliseconds count_every = kernel_ceiling ? kSampleEvery : kSampleFast;
  auto next_sample = started + count_every;
  auto next_probe = started + kSampleEvery;
  bool main_done = false;
  Clock::time_point grace_end;
  int last_counted = 0;

  for (;;) {
    const auto now = Clock::now();
    if (main_done && ((out_fd < 0 && err_fd < 0) || now >= grace_end)) break;
    if (interrupted()) {
      run.end = main_done ? run.end : TreeEnd::kInterrupted;
      break;
    }
    if (!main_done && now >= deadline) note_progress(now);  // what came since the last sample
    if (!main_done && now >= deadline) {
      run.end = TreeEnd::kDeadline;
      run.deadline_capped = deadline >= cap;
      run.hang = hang_report(members.scan(), members);
      break;
    }
    if (past_output_limit(spec, run)) {
      run.end = TreeEnd::kLimit;
      break;
    }
    // Every sample checks the limits, while the main process runs and after; the
    // hang probe only while it runs.
    if (now >= next_sample) {
      next_sample = now + count_every;
      if (!main_done) note_progress(now);
      // The cgroup's own count first: one small read, so a fork bomb that starves
      // this thread of CPU is still caught at the first sample that gets to run.
      if (cgroup && cgroup_past_limit(spec, *cgroup, run)) {
        last_counted = run.peak_processes;  // the cgroup's members, as just counted
        run.end = TreeEnd::kLimit;
        break;
      }
      const std::vector<ProcessSample> counted = members.scan(false);
      last_counted = static_cast<int>(counted.size());
      if (past_a_limit(spec, counted, run)) {
        run.end = TreeEnd::kLimit;
        break;
      }
      // A tree now past half its process limit is busy growing, not stuck: the
      // probe's detailed reads of every thread would only slow the next limit
      // check. One that grew and shrank back is probed again.
      std::vector<ProcessSample> tree;
      if (!main_done && now >= next_probe && counted.size() <= static_cast<size_t>(spec.max_processes / 2)) {
        next_probe = now + kSampleEvery;
        tree = members.scan();
      }
      if (!tree.empty() && probe.observe(tree, now)) {
        run.end = TreeEnd::kDeadlock;
        run.verdict_s = std::chrono::duration<double>(now - started).count();
        run.hang_started_s = std::chrono::duration<double>(probe.stuck_since() - started).count();
        timespec ts{};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        run.verdict_monotonic_ns = int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
        run.hang = hang_report(tree, members);
        for (pid_t pid : probe.deadlocked_alone())
          for (const auto& p : tree)
            if (p.pid == pid) run.deadlocked_alone.emplace_back(pid, waits_on_itself(p));
        break;
      }
    }
    // Under back-pressure stderr is left unread between bursts.
    const bool read_err = backpressure.count() == 0 || main_done || now >= next_err_read;
    pollfd fds[3];
    int n = 0;
    for (int fd : {out_fd, read_err ? err_fd : -1, main_done ? -1 : pidfd})
      if (fd >= 0) fds[n++] = {fd, POLLIN, 0};
    auto wake = std::min(main_done ? grace_end : deadline, next_sample);
    if (!read_err) wake = std::min(wake, next_err_read);
    // Without a pidfd (old kernels) look at the main process every 10 ms.
    if (pidfd < 0 && !main_done) wake = std::min(wake, Clock::now() + milliseconds(10));
    auto wait_ms = std::chrono::duration_cast<milliseconds>(wake - Clock::now()).count();
    poll(fds, n, static_cast<int>(std::max<long long>(0, wait_ms) + 1));
    if (out_fd >= 0) drain(out_fd, run.out, spec.output_cap);
    if (err_fd >= 0 && read_err) {
      drain(err_fd, run.err, spec.output_cap, &run.crashes);
      next_err_read = Clock::now() + backpressure;
    }
    if (!main_done) {
      int status = 0;
      if (waitpid(root, &status, WNOHANG) == root) {
        main_done = true;
        run.duration_s = std::chrono::duration<double>(Clock::now() - started).count();
        grace_end = Clock::now() + spec.exit_grace;
        if (WIFSIGNALED(status)) {
          run.end = TreeEnd::kSignaled;
          run.signal = WTERMSIG(status);
        } else {
          run.end = TreeEnd::kExited;
          run.exit_code = WEXITSTATUS(status);
        }
      }
    }
    // Pool workers dying over and over while the main process waits: the pool
    // replaces them without end, so the tree would only reach its deadline.
    if (!main_done && run.crashes.loop()) {
      run.end = TreeEnd::kCrashLoop;
      run.signal = run.crashes.signal();
      run.hang = hang_report(members.scan(), members);
      break;
    }
  }
  if (!main_done) run.duration_s = std::chrono::duration<double>(Clock::now() - started).count();
  run.deadline_s = std::chrono::duration<double>(deadline - started).count();
  for (const auto& [pid, u] : probe.deadlocked_unwaited()) {
    const auto since = [&](Clock::time_point t) { return std::chrono::duration<double>(t - started).count(); };
    // Gone: dead by now (no such process, or a zombie), before the harness kills anything.
    const std::vector<ProcessSample> now = list_processes({pid});
    const bool gone = now.empty() || now[0].state == 'Z' || now[0].state == 'X';
    run.deadlocked_unwaited.push_back({pid, u.ppid, u.why, since(u.since), since(u.last_seen), gone});
  }
  if (!run.hang.empty()) {
    collect_python_stacks(run.hang, err_fd, run.err, spec.output_cap);
    // A crash loop's workers come and go: gdb would only chase them.
    if (run.end != TreeEnd::kCrashLoop) collect_native_stacks(run.hang);
    if (run.end == TreeEnd::kDeadlock && hold) hold(run);
  }

  run.killed = kill_members(members, root, cgroup.get(), run.end == TreeEnd::kLimit && run.limit == "processes",
                            last_counted);
  if (!main_done) {
    // Killed above; whatever happened there, it is this process's own child, so
    // it dies here before it is waited for: a wait must never outlive the cell.
    kill(root, SIGKILL);
    waitpid(root, nullptr, 0);
  }
  {
    std::lock_guard<std::mutex> lock(g_roots_mutex);
    g_roots.erase(root);
  }
  // What the tree wrote before it died is still in the pipes.
  if (out_fd >= 0) drain(out_fd, run.out, spec.output_cap);
  if (err_fd >= 0) drain(err_fd, run.err, spec.output_cap, &run.crashes);
  for (int fd : {out_fd, err_fd})
    if (fd >= 0) close(fd);
  if (pidfd >= 0) close(pidfd);
  run.processes = members.records();
  return run;
}

}  // namespace mpc
