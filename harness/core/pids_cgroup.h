// A pids cgroup of its own for one cell, made at the run's cgroup site
// (cgroup_site.h): v2's one folder with pids.max and a cpu.weight, or v1's pids and
// cpu folders. The kernel then refuses fork() past the cell's ceiling, so a fork
// bomb cannot outgrow the limit between two samples of the supervisor, and no
// descendant leaves the group by setsid(), a clean environment or a double fork.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <sys/types.h>
#include <vector>

#include "cgroup_site.h"

namespace mpc {

class PidsCgroup {
 public:
  // A new group named `name` at `site`, limited to `max_pids` tasks; null when
  // the site is unusable or the kernel refused.
  static std::unique_ptr<PidsCgroup> create(const CgroupSite& site, const std::string& name, int max_pids);
  ~PidsCgroup();  // kills what is left in the group and removes it
  PidsCgroup(const PidsCgroup&) = delete;
  PidsCgroup& operator=(const PidsCgroup&) = delete;

  // Moves process `pid` (and so all it starts afterwards) into the group. On v1 a
  // move waits for an RCU grace period (about 13 ms on an idle machine), so the
  // supervisor moves the cell's main process while it starts Python, not before.
  bool attach(pid_t pid) const;
  // The cgroup.procs files a process writes "0" to, to join by itself.
  std::vector<std::string> procs_files() const;
  std::set<pid_t> members() const;  // empty when unreadable too: see readable()
  // Whether the group's folder can still be read (it can vanish with a hierarchy
  // that was unmounted): an empty members() means an empty group only then.
  bool readable() const;
  int task_count() const;  // pids.current: processes and their threads
  // How many times the kernel refused a fork for the limit (pids.events "max").
  uint64_t forks_refused() const;
  // Kills every member until the group is empty (bounded); returns how many
  // signals were sent (v2's cgroup.kill counts as the members it found).
  int kill_all();
  const std::string& path() const { return path_; }
  CgroupSite::Kind kind() const { return kind_; }

 private:
  PidsCgroup(CgroupSite::Kind kind, std::string path) : kind_(kind), path_(std::move(path)) {}
  CgroupSite::Kind kind_;
  std::string path_, cpu_path_;  // cpu_path_: v1's cpu folder, or ""
  bool kill_file_ = false;       // v2's cgroup.kill (Linux 5.14+)
};

}  // namespace mpc
