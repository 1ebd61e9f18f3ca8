#include "containment.h"

#include <unistd.h>

#include <cstdlib>
#include <mutex>

namespace mpc {
namespace {

std::once_flag g_once;
std::mutex g_release_mutex;
Containment* g_containment = nullptr;

std::string mount_base() {
  if (access("/run", W_OK) == 0) return "/run";
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

void find() {
  g_containment = new Containment;
  Containment& c = *g_containment;
  const char* off = std::getenv("MPCONFORM_CGROUP");
  if (off && std::string(off) == "off") {
    c.cgroup.tried.push_back("MPCONFORM_CGROUP=off");
  } else {
    c.cgroup = find_or_mount_cgroup_site(mount_base());
    if (!c.cgroup.mounted.empty()) std::atexit(release_run_containment);
  }
  c.rlimit = !c.cgroup.usable() && geteuid() != 0;
  c.ipc = probe_private_ipc(c.ipc_refused);
}

}  // namespace

std::string Containment::ceiling() const {
  if (cgroup.usable()) return cgroup.describe();
  if (rlimit) return ipc == PrivateIpcMode::kUserNamespace ? "rlimit (user namespace)" : "rlimit";
  return "counting";
}

std::vector<std::string> Containment::notes() const {
  std::vector<std::string> out;
  if (!kernel_ceiling())
    out.push_back("no kernel process ceiling here (root, and no pids cgroup could be had or mounted): "
                  "cells run one at a time and a growing tree is sampled every 10 ms, so a fork bomb "
                  "cannot change another cell's verdict");
  else if (rlimit && ipc == PrivateIpcMode::kUserNamespace)
    out.push_back("no writable pids cgroup for this user: each cell's process ceiling is RLIMIT_NPROC, "
                  "counted in the cell's own user namespace");
  else if (rlimit)
    out.push_back("no writable pids cgroup or user namespace for this user: RLIMIT_NPROC over all of this "
                  "user's processes is the process ceiling, shared by the cells, so they run one at a time");
  if (ipc == PrivateIpcMode::kNone)
    out.push_back("no private /dev/shm for cells (" + ipc_refused +
                  "): the resource tracker is killed last to unlink what it knows of");
  return out;
}

nlohmann::json Containment::to_json() const {
  return {{"processes", ceiling()},
          {"cgroup", cgroup.usable() ? nlohmann::json(cgroup.parent) : nlohmann::json(nullptr)},
          {"cgroup_passed_over", cgroup.tried},
          {"private_ipc", to_string(ipc)},
          {"notes", notes()}};
}

const Containment& run_containment() {
  std::call_once(g_once, find);
  return *g_containment;
}

void release_run_containment() {
  std::lock_guard<std::mutex> lock(g_release_mutex);
  if (g_containment) release_cgroup_site(g_containment->cgroup);
}

}  // namespace mpc
