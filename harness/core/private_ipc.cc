#include "private_ipc.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace mpc {
namespace {

bool write_all(const char* path, const char* text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const ssize_t n = static_cast<ssize_t>(strlen(text));
  const bool ok = write(fd, text, n) == n;
  close(fd);
  return ok;
}

}  // namespace

const char* to_string(PrivateIpcMode mode) {
  switch (mode) {
    case PrivateIpcMode::kNone: return "none";
    case PrivateIpcMode::kRoot: return "namespaces";
    case PrivateIpcMode::kUserNamespace: return "user namespace";
  }
  return "none";
}

PrivateIpcSetup private_ipc_setup(PrivateIpcMode mode) {
  PrivateIpcSetup s;
  s.mode = mode;
  snprintf(s.uid_map, sizeof s.uid_map, "%u %u 1\n", getuid(), getuid());
  snprintf(s.gid_map, sizeof s.gid_map, "%u %u 1\n", getgid(), getgid());
  return s;
}

bool enter_private_ipc(const PrivateIpcSetup& s) {
  if (s.mode == PrivateIpcMode::kNone) return false;
  if (s.mode == PrivateIpcMode::kUserNamespace) {
    // The user namespace first: it owns the mount and IPC namespaces made with it,
    // which lets this user mount there. Only its own ids are mapped, to themselves;
    // setgroups is denied, as the kernel requires before an unprivileged gid_map.
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC) != 0) return false;
    if (!write_all("/proc/self/setgroups", "deny") || !write_all("/proc/self/uid_map", s.uid_map) ||
        !write_all("/proc/self/gid_map", s.gid_map))
      return false;
  } else if (unshare(CLONE_NEWNS | CLONE_NEWIPC) != 0) {
    return false;
  }
  // The tmpfs must not propagate back to the machine's /dev/shm, so the mount it
  // goes on is made private first: all of them where / is a mount point; in a
  // chroot, where it is not, /dev/shm's own mount (or /dev's).
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 &&
      mount(nullptr, "/dev/shm", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 &&
      mount(nullptr, "/dev", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return false;
  return mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") == 0;
}

PrivateIpcMode probe_private_ipc(std::string& why_not) {
  struct stat shm {};
  if (stat("/dev/shm", &shm) != 0) {
    why_not = "this machine has no /dev/shm";
    return PrivateIpcMode::kNone;
  }
  // The child says so on a pipe before it exits: the namespaces' teardown at its
  // exit (a millisecond or two) is not waited for; it is reaped as a stray later.
  auto works = [&](PrivateIpcMode mode) {
    const PrivateIpcSetup setup = private_ipc_setup(mode);
    int answer[2];
    if (pipe2(answer, O_CLOEXEC) != 0) return false;
    const pid_t pid = fork();
    if (pid == 0) {
      struct stat own {};
      if (enter_private_ipc(setup) && stat("/dev/shm", &own) == 0 && own.st_dev != shm.st_dev)
        (void)!write(answer[1], "1", 1);
      _exit(0);
    }
    close(answer[1]);
    char byte = 0;
    const bool yes = pid > 0 && read(answer[0], &byte, 1) == 1;
    close(answer[0]);
    if (pid > 0 && !yes) waitpid(pid, nullptr, 0);
    return yes;
  };
  if (geteuid() == 0 && works(PrivateIpcMode::kRoot)) return PrivateIpcMode::kRoot;
  if (works(PrivateIpcMode::kUserNamespace)) return PrivateIpcMode::kUserNamespace;
  why_not = geteuid() == 0 ? "the kernel refused mount, IPC and user namespaces"
                           : "the kernel refused an unprivileged user namespace (or a tmpfs in it; "
                             "Ubuntu restricts them through AppArmor)";
  return PrivateIpcMode::kNone;
}

bool has_own_dev_shm(pid_t pid) {
  struct stat mine {}, theirs {};
  const std::string their_shm = "/proc/" + std::to_string(pid) + "/root/dev/shm";
  if (stat("/dev/shm", &mine) != 0 || stat(their_shm.c_str(), &theirs) != 0) return false;
  return mine.st_dev != theirs.st_dev;
}

}  // namespace mpc
