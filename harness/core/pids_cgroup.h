// A pids cgroup of its own for one cell, where this process may make one (Linux,
// cgroup v1's pids hierarchy; typically as root). The kernel then refuses fork()
// past the cell's process limit, so a fork bomb cannot outgrow the limit between two
// samples of the supervisor, and no descendant leaves the group by setsid(), a clean
// environment or a double fork. Without one, the supervisor's own counting applies.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <sys/types.h>

namespace mpc {

class PidsCgroup {
 public:
  // A new group named `name` under this process's own pids cgroup, limited to
  // `max_pids` tasks; null when cgroups cannot be used here.
  static std::unique_ptr<PidsCgroup> create(const std::string& name, int max_pids);
  ~PidsCgroup();  // kills what is left in the group and removes it
  PidsCgroup(const PidsCgroup&) = delete;
  PidsCgroup& operator=(const PidsCgroup&) = delete;

  // Open for writing: a child writes "0" to it between fork and exec to join.
  int join_fd() const { return join_fd_; }
  int cpu_join_fd() const { return cpu_join_fd_; }  // -1 without a cpu hierarchy
  std::set<pid_t> members() const;
  int task_count() const;  // pids.current: processes and their threads
  // How many times the kernel refused a fork for the limit (pids.events "max").
  uint64_t forks_refused() const;
  // SIGKILLs every member until the group is empty (bounded); returns how many.
  int kill_all();
  const std::string& path() const { return path_; }

 private:
  PidsCgroup(std::string path, int join_fd) : path_(std::move(path)), join_fd_(join_fd) {}
  std::string path_, cpu_path_;
  int join_fd_ = -1, cpu_join_fd_ = -1;
};

// Kills what is left in the groups of runs that died (killed with SIGKILL, say)
// and removes those groups, so a later run cleans up after them; with `own_too`,
// this run's own groups as well (at its end, when no cell runs).
void remove_stale_cgroups(bool own_too = false);

}  // namespace mpc
