#include "pids_cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "proc_tree.h"

namespace fs = std::filesystem;

namespace mpc {
namespace {

// The mount point of a v1 hierarchy (pids, cpu) joined with this process's place
// in it, from /proc/self/cgroup ("8:pids:/some/path"); "" when there is none.
std::string own_v1_cgroup(const std::string& controller = "pids") {
  std::string text;
  if (!read_small_file("/proc/self/cgroup", text)) return "";
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const size_t a = line.find(':');
    const size_t b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    std::string controllers = "," + line.substr(a + 1, b - a - 1) + ",";
    if (controllers.find("," + controller + ",") == std::string::npos) continue;
    const std::string root = "/sys/fs/cgroup/" + controller;
    if (!fs::exists(root + "/cgroup.procs")) return "";
    return root + line.substr(b + 1);
  }
  return "";
}

bool write_file(const std::string& path, const std::string& value) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
  close(fd);
  return ok;
}

}  // namespace

std::unique_ptr<PidsCgroup> PidsCgroup::create(const std::string& name, int max_pids) {
  const std::string parent = own_v1_cgroup();
  if (parent.empty()) return nullptr;
  const std::string path = parent + "/" + name;
  if (mkdir(path.c_str(), 0755) != 0) return nullptr;
  int fd = open((path + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0 || !write_file(path + "/pids.max", std::to_string(max_pids))) {
    if (fd >= 0) close(fd);
    rmdir(path.c_str());
    return nullptr;
  }
  std::unique_ptr<PidsCgroup> group(new PidsCgroup(path, fd));
  // The same name in the cpu hierarchy, at the default weight: the whole tree then
  // competes for CPU as one task, so however many processes a bomb makes, the
  // supervisor still gets its share to notice and stop it.
  const std::string cpu_parent = own_v1_cgroup("cpu");
  if (!cpu_parent.empty() && mkdir((cpu_parent + "/" + name).c_str(), 0755) == 0) {
    group->cpu_path_ = cpu_parent + "/" + name;
    group->cpu_join_fd_ = open((group->cpu_path_ + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
  }
  return group;
}

std::set<pid_t> PidsCgroup::members() const {
  std::set<pid_t> out;
  std::string text;
  if (!read_small_file(path_ + "/cgroup.procs", text)) return out;
  std::istringstream in(text);
  for (long pid; in >> pid;) out.insert(static_cast<pid_t>(pid));
  return out;
}

int PidsCgroup::task_count() const {
  std::string text;
  return read_small_file(path_ + "/pids.current", text) ? std::atoi(text.c_str()) : 0;
}

uint64_t PidsCgroup::forks_refused() const {
  std::string text;
  if (!read_small_file(path_ + "/pids.events", text)) return 0;
  const size_t at = text.find("max ");
  return at == std::string::npos ? 0 : std::strtoull(text.c_str() + at + 4, nullptr, 10);
}

int PidsCgroup::kill_all() {
  int killed = 0;
  for (int round = 0; round < 400; ++round) {
    const std::set<pid_t> left = members();
    if (left.empty()) break;
    for (pid_t pid : left)
      if (kill(pid, SIGKILL) == 0) ++killed;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return killed;
}

PidsCgroup::~PidsCgroup() {
  for (int fd : {join_fd_, cpu_join_fd_})
    if (fd >= 0) close(fd);
  kill_all();
  // A group can be removed once its last task has been reaped; those reparented
  // to this process (the subreaper) are reaped here.
  for (const std::string& dir : {path_, cpu_path_}) {
    for (int attempt = 0; !dir.empty() && attempt < 200 && rmdir(dir.c_str()) != 0 && errno == EBUSY; ++attempt) {
      for (pid_t pid : members()) waitpid(pid, nullptr, WNOHANG);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

void remove_stale_cgroups(bool own_too) {
  for (const char* controller : {"pids", "cpu"}) {
    const std::string parent = own_v1_cgroup(controller);
    if (parent.empty()) continue;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
      // mpconform-PID-SERIAL, of a run that is no longer alive.
      const std::string name = entry.path().filename().string();
      if (name.rfind("mpconform-", 0) != 0 || !entry.is_directory(ec)) continue;
      const pid_t owner = static_cast<pid_t>(std::atoi(name.c_str() + 10));
      const bool dead = owner > 0 && kill(owner, 0) != 0 && errno == ESRCH;
      if (!dead && !(own_too && owner == getpid())) continue;
      std::string procs;
      for (int round = 0; round < 100 && read_small_file(entry.path() / "cgroup.procs", procs) && !procs.empty(); ++round) {
        std::istringstream in(procs);
        for (long pid; in >> pid;) kill(static_cast<pid_t>(pid), SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      rmdir(entry.path().c_str());
    }
  }
}

}  // namespace mpc
