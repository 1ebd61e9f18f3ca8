#include "cgroup_site.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <set>
#include <filesystem>
#include <sstream>
#include <thread>

#include "proc_tree.h"

namespace fs = std::filesystem;

namespace mpc {
namespace {

constexpr const char* kMountPrefix = "mpconform-cgroup-";

bool has_word(const std::string& list, const std::string& word, char sep) {
  std::istringstream in(list);
  for (std::string w; std::getline(in, w, sep);)
    if (w == word) return true;
  return false;
}

// Whether the one-line, blank-separated list in `path` (cgroup.controllers,
// cgroup.subtree_control) names `word`.
bool lists(const std::string& path, const std::string& word) {
  std::string text;
  if (!read_small_file(path, text)) return false;
  std::istringstream in(text);
  for (std::string w; in >> w;)
    if (w == word) return true;
  return false;
}

std::string read_text(const std::string& path) {
  std::string text;
  return read_small_file(path, text) ? text : "";
}

// mountinfo escapes blanks, tabs, newlines and backslashes as \NNN (octal).
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && std::isdigit(s[i + 1]) && std::isdigit(s[i + 2]) &&
        std::isdigit(s[i + 3])) {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

// This process's path in the hierarchy whose /proc/self/cgroup line satisfies
// `matches` (on its controller list), or "" without one.
template <class Match>
std::string own_path(const std::string& self_cgroup, Match matches) {
  std::istringstream in(self_cgroup);
  for (std::string line; std::getline(in, line);) {
    const size_t a = line.find(':');
    const size_t b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    if (matches(line.substr(0, a), line.substr(a + 1, b - a - 1))) return line.substr(b + 1);
  }
  return "";
}

// Where `path` (as /proc/self/cgroup names it) is in the file system under the mount
// `m`, whose root is a part of the hierarchy; "" when the mount does not show it.
std::string under_mount(const MountEntry& m, const std::string& path) {
  if (path.empty()) return "";
  std::string rel = path;
  if (m.root != "/") {
    if (rel.compare(0, m.root.size(), m.root) != 0) return "";
    rel = rel.substr(m.root.size());
  }
  std::string dir = m.mount_point + (rel == "/" ? "" : rel);
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

// The nearest folder from `own` up to `top` of a v2 hierarchy where cells' groups
// can go: writable (to make them, and as the common ancestor a move into them
// needs), with pids among its controllers and on (or turned on) for its children.
bool v2_parent(const std::string& own, const std::string& top, CgroupSite& site) {
  for (fs::path dir = own;; dir = dir.parent_path()) {
    const std::string d = dir.string();
    const std::string why = d + ": ";
    if (access(d.c_str(), W_OK) != 0 || access((d + "/cgroup.procs").c_str(), W_OK) != 0) {
      site.tried.push_back(why + "not writable");
    } else if (!lists(d + "/cgroup.controllers", "pids")) {
      site.tried.push_back(why + "no pids controller");
    } else {
      auto enabled = [&](const char* c) { return lists(d + "/cgroup.subtree_control", c); };
      // Turning a controller on fails where the folder holds processes itself
      // (cgroup v2's rule), but for the root: then the next one up is tried.
      if (!enabled("pids")) write_cgroup_file(d + "/cgroup.subtree_control", "+pids");
      if (enabled("pids")) {
        if (!enabled("cpu")) write_cgroup_file(d + "/cgroup.subtree_control", "+cpu");
        site.kind = CgroupSite::Kind::kV2;
        site.parent = d;
        site.cpu = enabled("cpu");
        return true;
      }
      site.tried.push_back(why + "pids cannot be enabled for its children (it holds processes)");
    }
    if (d.size() <= top.size() || dir == dir.parent_path()) return false;
  }
}

// For a mount point below a folder named mpconform-cgroup-PID (a hierarchy a run
// mounted for itself): that PID, and the folder in `top`; 0 for any other.
pid_t run_mount_owner(const std::string& mount_point, std::string* top = nullptr) {
  const std::string mark = std::string("/") + kMountPrefix;
  for (size_t at = mount_point.find(mark); at != std::string::npos; at = mount_point.find(mark, at + 1)) {
    const size_t digits = at + mark.size();
    size_t end = digits;
    while (end < mount_point.size() && std::isdigit(static_cast<unsigned char>(mount_point[end]))) ++end;
    if (end == digits || (end < mount_point.size() && mount_point[end] != '/')) continue;
    if (top) *top = mount_point.substr(0, end);
    return static_cast<pid_t>(std::atol(mount_point.c_str() + digits));
  }
  return 0;
}

bool process_alive(pid_t pid) { return pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH); }

// Kills what is left in the cgroups named mpconform-PID-* under `parent` whose run
// is dead (or is this one, with `own_too`) and removes them.
void empty_stale_groups(const std::string& parent, bool own_too) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("mpconform-", 0) != 0 || name.rfind(kMountPrefix, 0) == 0 || !entry.is_directory(ec)) continue;
    const pid_t owner = static_cast<pid_t>(std::atoi(name.c_str() + 10));
    if (owner <= 0 || (process_alive(owner) && !(own_too && owner == getpid()))) continue;
    write_cgroup_file(entry.path() / "cgroup.kill", "1");
    std::string procs;
    for (int round = 0; round < 100 && read_small_file(entry.path() / "cgroup.procs", procs) && !procs.empty(); ++round) {
      std::istringstream in(procs);
      for (long pid; in >> pid;) kill(static_cast<pid_t>(pid), SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    rmdir(entry.path().c_str());
  }
}

// Mounts under `dir` (made for it) a hierarchy of `type` with `options`; the
// mount point, or "" when the kernel refused.
std::string mount_hierarchy(const std::string& dir, const char* type, const char* options) {
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return "";
  if (mount("none", dir.c_str(), type, MS_NOSUID | MS_NODEV | MS_NOEXEC, options) == 0) return dir;
  rmdir(dir.c_str());
  return "";
}

void unmount_all_under(const std::string& top) {
  // Deepest first: a later line of mountinfo may sit on an earlier one.
  std::vector<MountEntry> mounts = parse_mountinfo(read_text("/proc/self/mountinfo"));
  for (auto it = mounts.rbegin(); it != mounts.rend(); ++it) {
    if (it->mount_point.rfind(top + "/", 0) != 0) continue;
    umount2(it->mount_point.c_str(), MNT_DETACH);
    rmdir(it->mount_point.c_str());
  }
  rmdir(top.c_str());
}

}  // namespace

bool write_cgroup_file(const std::string& path, const std::string& value) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  const bool ok = write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
  close(fd);
  return ok;
}

std::string CgroupSite::describe() const {
  switch (kind) {
    case Kind::kNone: return "none";
    case Kind::kV2: return mounted.empty() ? "cgroup v2" : "cgroup v2 (mounted for the run)";
    case Kind::kV1: return mounted.empty() ? "cgroup v1" : "cgroup v1 (mounted for the run)";
  }
  return "none";
}

std::vector<MountEntry> parse_mountinfo(const std::string& text) {
  std::vector<MountEntry> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    size_t dash = 0;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (f.size() < 5 || dash + 3 >= f.size() + 1 || dash + 2 >= f.size()) continue;
    out.push_back({unescape(f[3]), unescape(f[4]), f[dash + 1], f.size() > dash + 3 ? f[dash + 3] : ""});
  }
  return out;
}

CgroupView read_cgroup_view() {
  return {read_text("/proc/self/cgroup"), read_text("/proc/self/mountinfo")};
}

CgroupSite find_cgroup_site(const CgroupView& view, const std::string& only_under) {
  CgroupSite site;
  std::vector<MountEntry> mounts;
  for (auto& m : parse_mountinfo(view.mountinfo)) {
    const bool another_runs = run_mount_owner(m.mount_point) != 0;
    if (only_under.empty() ? !another_runs : m.mount_point.rfind(only_under + "/", 0) == 0)
      mounts.push_back(std::move(m));
  }
  // v2: the "0::PATH" line; a mount shadowed by another (a tmpfs over /sys/fs/cgroup)
  // is still listed, so only a folder that is really there counts.
  const std::string v2_path = own_path(view.self_cgroup, [](const std::string& id, const std::string& c) {
    return id == "0" && c.empty();
  });
  for (const auto& m : mounts) {
    if (m.fs_type != "cgroup2") continue;
    const std::string own = under_mount(m, v2_path);
    if (own.empty() || access((own + "/cgroup.procs").c_str(), F_OK) != 0) continue;
    if (v2_parent(own, m.mount_point, site)) return site;
  }
  auto v1_dir = [&](const std::string& controller) {
    const std::string path = own_path(view.self_cgroup, [&](const std::string&, const std::string& c) {
      return has_word(c, controller, ',');
    });
    for (const auto& m : mounts) {
      if (m.fs_type != "cgroup" || !has_word(m.super_options, controller, ',')) continue;
      const std::string own = under_mount(m, path);
      if (!own.empty() && access((own + "/cgroup.procs").c_str(), F_OK) == 0) return own;
    }
    return std::string();
  };
  const std::string pids = v1_dir("pids");
  if (pids.empty()) {
    site.tried.push_back("cgroup v1: no pids hierarchy visible");
  } else if (access(pids.c_str(), W_OK) != 0) {
    site.tried.push_back(pids + ": not writable");
  } else {
    site.kind = CgroupSite::Kind::kV1;
    site.parent = pids;
    const std::string cpu = v1_dir("cpu");
    if (!cpu.empty() && access(cpu.c_str(), W_OK) == 0) site.cpu_parent = cpu;
  }
  return site;
}

CgroupSite find_or_mount_cgroup_site(const std::string& mount_base) {
  CgroupView view = read_cgroup_view();
  remove_stale_cgroup_mounts(view);
  CgroupSite site = find_cgroup_site(view);
  if (site.usable() || geteuid() != 0) return site;
  const std::string top = mount_base + "/" + kMountPrefix + std::to_string(getpid());
  if (mkdir(top.c_str(), 0755) != 0) {
    site.tried.push_back("cannot make " + top + ": " + std::strerror(errno));
    return site;
  }
  // cgroup2 where the kernel gives it pids (a v2 machine); else v1's pids and cpu
  // hierarchies (which a v1 machine shares with every mount of the same controllers).
  // A "N:pids:" line says the kernel has bound pids to v1, so cgroup2 cannot have
  // it: the mount is not tried (mounting and unmounting one takes about 15 ms).
  const bool pids_on_v1 = !own_path(view.self_cgroup, [](const std::string&, const std::string& c) {
                             return has_word(c, "pids", ',');
                           }).empty();
  const std::string unified = pids_on_v1 ? "" : mount_hierarchy(top + "/unified", "cgroup2", nullptr);
  const bool v2_pids = !unified.empty() && lists(unified + "/cgroup.controllers", "pids");
  if (!unified.empty() && !v2_pids) {
    umount2(unified.c_str(), MNT_DETACH);
    rmdir(unified.c_str());
  }
  if (!v2_pids && mount_hierarchy(top + "/pids", "cgroup", "pids").empty()) {
    site.tried.push_back("as root, mounting a pids hierarchy was refused: " + std::string(std::strerror(errno)));
    rmdir(top.c_str());
    return site;
  }
  if (!v2_pids && mount_hierarchy(top + "/cpu", "cgroup", "cpu,cpuacct").empty())
    mount_hierarchy(top + "/cpu", "cgroup", "cpu");
  CgroupSite mounted = find_cgroup_site(read_cgroup_view(), top);
  mounted.tried.insert(mounted.tried.begin(), site.tried.begin(), site.tried.end());
  if (!mounted.usable()) {
    unmount_all_under(top);
    mounted.tried.push_back("the hierarchy mounted at " + top + " offers no writable pids cgroup");
    return mounted;
  }
  mounted.mounted = top;
  return mounted;
}

void release_cgroup_site(CgroupSite& site) {
  if (site.mounted.empty()) return;
  for (const std::string& parent : {site.parent, site.cpu_parent})
    if (!parent.empty()) empty_stale_groups(parent, /*own_too=*/true);
  unmount_all_under(site.mounted);
  site = CgroupSite{};
}

void remove_stale_cgroup_mounts(const CgroupView& view) {
  std::set<std::string> tops;
  for (const auto& m : parse_mountinfo(view.mountinfo)) {
    std::string top;
    const pid_t owner = run_mount_owner(m.mount_point, &top);
    if (owner <= 0 || owner == getpid() || process_alive(owner)) continue;
    // The dead run's cells are under the place it found in that hierarchy: every
    // folder of it may hold some, so each is looked through.
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(m.mount_point, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->is_directory(ec) && it->path().filename().string().rfind("mpconform-", 0) == 0) {
        empty_stale_groups(it->path().parent_path().string(), false);
        it.disable_recursion_pending();
      }
    }
    tops.insert(top);
  }
  for (const auto& top : tops) unmount_all_under(top);
}

void remove_stale_cgroups(const CgroupSite& site, bool own_too) {
  for (const std::string& parent : {site.parent, site.cpu_parent})
    if (!parent.empty()) empty_stale_groups(parent, own_too);
}

}  // namespace mpc
