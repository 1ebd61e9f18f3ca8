// A private System V IPC namespace and /dev/shm for a cell's tree, so the shared
// memory and semaphores it leaves behind vanish with it. Root gets them from mount
// and IPC namespaces; an ordinary user through a user namespace that maps its own
// uid and gid to themselves (os.getuid() and file ownership stay what they are).
#pragma once
#include <string>
#include <sys/types.h>

namespace mpc {

enum class PrivateIpcMode { kNone, kRoot, kUserNamespace };
const char* to_string(PrivateIpcMode mode);

// What a child needs to enter its namespaces between fork and exec, prepared
// before the fork: only syscalls then, async-signal-safe.
struct PrivateIpcSetup {
  PrivateIpcMode mode = PrivateIpcMode::kNone;
  char uid_map[32] = {0}, gid_map[32] = {0};  // "UID UID 1\n" for the user namespace
};
PrivateIpcSetup private_ipc_setup(PrivateIpcMode mode);

// In the child: enters the namespaces and mounts the tmpfs; false where the kernel
// refused (the child then runs as it is).
bool enter_private_ipc(const PrivateIpcSetup& setup);

// The mode this machine allows this process (root's first, else a user namespace),
// tried once in a child; `why_not` says what was refused when it is kNone.
PrivateIpcMode probe_private_ipc(std::string& why_not);

// Whether `pid` sees another /dev/shm than this process: its tmpfs was mounted.
bool has_own_dev_shm(pid_t pid);

}  // namespace mpc
