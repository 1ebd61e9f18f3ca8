// Where this run's cells get their pids cgroups, found once per run: the unified
// hierarchy (v2) where a subtree is writable and offers pids, else cgroup v1's
// pids hierarchy, else (as root, where no hierarchy is visible: a container, a
// chroot) one mounted for the run. An empty site means no cgroup can be had here.
#pragma once
#include <string>
#include <vector>

namespace mpc {

struct CgroupSite {
  enum class Kind { kNone, kV2, kV1 };
  Kind kind = Kind::kNone;
  std::string parent;      // the folder cells' cgroups are made in (v1: the pids hierarchy)
  std::string cpu_parent;  // v1: the same place in the cpu hierarchy, or ""
  bool cpu = false;        // v2: cells' cgroups get a cpu.weight (cpu enabled in parent)
  std::string mounted;     // a hierarchy this run mounted (and unmounts at its end), or ""
  std::vector<std::string> tried;  // why each place was passed over, for the run's note

  bool usable() const { return kind != Kind::kNone; }
  // What the evidence calls it: "cgroup v2", "cgroup v1", "cgroup v1 (mounted for the run)".
  std::string describe() const;
};

// What discovery reads of this process, so tests can give it a hierarchy laid out
// in a temporary folder: /proc/self/cgroup and /proc/self/mountinfo's contents.
struct CgroupView {
  std::string self_cgroup;
  std::string mountinfo;
};
CgroupView read_cgroup_view();

// The first usable place among the hierarchies `view` shows, v2 before v1. On v2
// it walks up from this process's own cgroup to the nearest ancestor it may write
// (a delegated subtree such as systemd's user@UID.service, or any as root), turning
// the pids (and cpu) controllers on for its children where they are off.
// Hierarchies other runs mounted for themselves (mpconform-cgroup-PID) are passed
// over: they go when their run ends. With `only_under`, only mounts below that
// folder count (a run looking at the hierarchy it has just mounted).
CgroupSite find_cgroup_site(const CgroupView& view, const std::string& only_under = "");

// As above, from this process's real view; as root with nothing usable visible, mounts
// a hierarchy of its own for the run (cgroup2 where it offers pids, else v1's pids
// and cpu) under `mount_base`, named for this process, and looks again.
CgroupSite find_or_mount_cgroup_site(const std::string& mount_base);

// Unmounts and removes what find_or_mount_cgroup_site mounted (cells' groups gone first).
void release_cgroup_site(CgroupSite& site);

// Kills what is left in the cells' groups of runs that died (killed with SIGKILL,
// say) and removes those groups; with `own_too`, this run's own as well (at its
// end, when no cell runs).
void remove_stale_cgroups(const CgroupSite& site, bool own_too = false);

// Hierarchies mounted by runs that died (mpconform-cgroup-PID, PID no longer alive):
// what is left in their cells' groups is killed, then they are unmounted and removed.
void remove_stale_cgroup_mounts(const CgroupView& view);

// Writes `value` to a cgroup control file. O_CREAT makes no file in a real cgroup
// folder (the kernel refuses), but lets unit tests lay one out in a temporary folder.
bool write_cgroup_file(const std::string& path, const std::string& value);

// The fields of one /proc/self/mountinfo line that discovery needs.
struct MountEntry {
  std::string root, mount_point, fs_type, super_options;
};
std::vector<MountEntry> parse_mountinfo(const std::string& text);

}  // namespace mpc
