// How this run contains its cells, decided once for the run: the kernel's process
// ceiling (a pids cgroup at the run's cgroup site, else RLIMIT_NPROC for a user,
// else none), and private IPC (root's namespaces, a user namespace, or none).
// What could not be had is said once per run, not once per cell.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cgroup_site.h"
#include "private_ipc.h"

namespace mpc {

struct Containment {
  CgroupSite cgroup;
  // RLIMIT_NPROC holds a user's cells where no cgroup can be had; root ignores it,
  // so root without a cgroup has no kernel ceiling at all (only counting).
  bool rlimit = false;
  PrivateIpcMode ipc = PrivateIpcMode::kNone;
  std::string ipc_refused;  // why there is no private IPC, when there is none

  // "cgroup v2", "cgroup v1 (mounted for the run)", "rlimit" or "counting".
  std::string ceiling() const;
  bool kernel_ceiling() const { return cgroup.usable() || rlimit; }
  // Whether each cell's ceiling is its own: a cgroup, or RLIMIT_NPROC counted in the
  // cell's user namespace. Otherwise (plain RLIMIT_NPROC over all the user's tasks,
  // or counting) one cell's bomb could refuse another's forks, so cells run alone.
  bool ceiling_per_cell() const {
    return cgroup.usable() || (rlimit && ipc == PrivateIpcMode::kUserNamespace);
  }
  // What a person running the matrix should know: one line each, for what was
  // refused and what that means for the run.
  std::vector<std::string> notes() const;
  nlohmann::json to_json() const;
};

// The run's containment, found on first use: set MPCONFORM_CGROUP=off in the
// environment to do without cgroups (tests of the other mechanisms). As root with no
// hierarchy visible, a pids hierarchy is mounted for the run under /run (or $TMPDIR)
// and unmounted by release_run_containment(), which atexit also calls.
const Containment& run_containment();
void release_run_containment();

}  // namespace mpc
