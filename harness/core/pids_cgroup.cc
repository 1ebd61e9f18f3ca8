#include "pids_cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "proc_tree.h"

namespace mpc {

std::unique_ptr<PidsCgroup> PidsCgroup::create(const CgroupSite& site, const std::string& name, int max_pids) {
  if (!site.usable()) return nullptr;
  const std::string path = site.parent + "/" + name;
  if (mkdir(path.c_str(), 0755) != 0) return nullptr;
  if (!write_cgroup_file(path + "/pids.max", std::to_string(max_pids))) {
    rmdir(path.c_str());
    return nullptr;
  }
  std::unique_ptr<PidsCgroup> group(new PidsCgroup(site.kind, path));
  // A CPU share of its own, at the default weight: the whole tree then competes
  // for CPU as one task, so however many processes a bomb makes, the supervisor
  // still gets its share to notice and stop it.
  if (site.kind == CgroupSite::Kind::kV2) {
    if (site.cpu) write_cgroup_file(path + "/cpu.weight", "100");
    group->kill_file_ = access((path + "/cgroup.kill").c_str(), W_OK) == 0;
  } else if (!site.cpu_parent.empty() && mkdir((site.cpu_parent + "/" + name).c_str(), 0755) == 0) {
    group->cpu_path_ = site.cpu_parent + "/" + name;
  }
  return group;
}

bool PidsCgroup::attach(pid_t pid) const {
  const std::string text = std::to_string(pid);
  const bool joined = write_cgroup_file(path_ + "/cgroup.procs", text);
  if (joined && !cpu_path_.empty()) write_cgroup_file(cpu_path_ + "/cgroup.procs", text);
  return joined;
}

std::vector<std::string> PidsCgroup::procs_files() const {
  std::vector<std::string> files{path_ + "/cgroup.procs"};
  if (!cpu_path_.empty()) files.push_back(cpu_path_ + "/cgroup.procs");
  return files;
}

bool PidsCgroup::readable() const { return access((path_ + "/cgroup.procs").c_str(), R_OK) == 0; }

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
  if (kill_file_) {
    // One write: the kernel kills every member, forking or not, at once.
    killed = static_cast<int>(members().size());
    write_cgroup_file(path_ + "/cgroup.kill", "1");
  }
  for (int round = 0; round < 400; ++round) {
    const std::set<pid_t> left = members();
    if (left.empty()) break;
    for (pid_t pid : left)
      if (kill(pid, SIGKILL) == 0 && !kill_file_) ++killed;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return killed;
}

PidsCgroup::~PidsCgroup() {
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

}  // namespace mpc
