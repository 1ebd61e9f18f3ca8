#include "proc_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

namespace mpc {
namespace {

// /proc/PID/stat: "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
// majflt cmajflt utime stime ..."; comm may contain spaces and parentheses, so parse
// from the last ')'.
bool parse_stat(const std::string& text, char& state, pid_t& ppid, pid_t& pgid, uint64_t& ticks) {
  const size_t close = text.rfind(')');
  if (close == std::string::npos || close + 2 >= text.size()) return false;
  std::istringstream in(text.substr(close + 2));
  std::string field;
  std::vector<std::string> f;
  while (in >> field && f.size() < 13) f.push_back(field);
  if (f.size() < 13) return false;
  state = f[0][0];
  ppid = std::atoi(f[1].c_str());
  pgid = std::atoi(f[2].c_str());
  ticks = std::strtoull(f[11].c_str(), nullptr, 10) + std::strtoull(f[12].c_str(), nullptr, 10);
  return true;
}

void parse_syscall(const std::string& text, ThreadSample& t) {
  if (text.rfind("running", 0) == 0 || text.empty()) return;
  std::istringstream in(text);
  std::string word;
  if (!(in >> word)) return;
  t.syscall = std::strtol(word.c_str(), nullptr, 10);
  for (auto& a : t.args) {
    if (!(in >> word)) break;
    a = std::strtoull(word.c_str(), nullptr, 16);
  }
}

std::vector<pid_t> numeric_entries(const std::string& dir) {
  std::vector<pid_t> out;
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    char* end = nullptr;
    long n = std::strtol(e->d_name, &end, 10);
    if (end && *end == '\0' && n > 0) out.push_back(static_cast<pid_t>(n));
  }
  closedir(d);
  return out;
}

}  // namespace

bool read_small_file(const std::string& path, std::string& out) {
  out.clear();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0 && out.size() < (1 << 20)) out.append(buf, n);
  close(fd);
  return n >= 0;
}

std::vector<ProcessSample> list_processes() { return list_processes(numeric_entries("/proc")); }

std::vector<ProcessSample> list_processes(const std::vector<pid_t>& pids) {
  std::vector<ProcessSample> out;
  std::string text;
  for (pid_t pid : pids) {
    ProcessSample p;
    p.pid = pid;
    uint64_t ticks;
    if (read_small_file("/proc/" + std::to_string(pid) + "/stat", text) &&
        parse_stat(text, p.state, p.ppid, p.pgid, ticks))
      out.push_back(p);
  }
  return out;
}

std::vector<pid_t> own_children() {
  std::vector<pid_t> out;
  std::string text;
  for (pid_t tid : numeric_entries("/proc/self/task")) {
    if (!read_small_file("/proc/self/task/" + std::to_string(tid) + "/children", text)) {
      // A kernel without CONFIG_PROC_CHILDREN: every process, filtered by parent.
      out.clear();
      for (const auto& p : list_processes())
        if (p.ppid == getpid()) out.push_back(p.pid);
      return out;
    }
    std::istringstream in(text);
    for (long pid; in >> pid;) out.push_back(static_cast<pid_t>(pid));
  }
  return out;
}

bool sample_details(ProcessSample& p) {
  const std::string base = "/proc/" + std::to_string(p.pid);
  std::string text;
  if (!read_small_file(base + "/cmdline", text)) return false;
  for (char& c : text)
    if (c == '\0') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  p.cmdline = text;
  // Which signals it handles: another process's signal can wake a thread of it
  // that waits on its own locks (hang_probe.h's waits_on_itself).
  p.signals_caught = 0;
  if (read_small_file(base + "/status", text)) {
    const size_t at = text.find("SigCgt:");
    if (at != std::string::npos) p.signals_caught = std::strtoull(text.c_str() + at + 7, nullptr, 16);
  }
  p.threads.clear();
  for (pid_t tid : numeric_entries(base + "/task")) {
    const std::string tbase = base + "/task/" + std::to_string(tid);
    ThreadSample t;
    t.tid = tid;
    pid_t ppid, pgid;
    if (!read_small_file(tbase + "/stat", text) ||
        !parse_stat(text, t.state, ppid, pgid, t.cpu_ticks))
      continue;
    if (read_small_file(tbase + "/comm", text)) t.name = text.substr(0, text.find('\n'));
    if (read_small_file(tbase + "/wchan", text) && text != "0") t.wchan = text;
    if (read_small_file(tbase + "/syscall", text)) parse_syscall(text, t);
    p.threads.push_back(t);
  }
  return !p.threads.empty();
}

uint64_t memory_in_use(pid_t pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  std::string text;
  if (read_small_file(base + "/smaps_rollup", text)) {
    const size_t at = text.find("\nPss:");
    if (at != std::string::npos) return std::strtoull(text.c_str() + at + 5, nullptr, 10) * 1024;
  }
  return resident_memory(pid);
}

uint64_t resident_memory(pid_t pid) {
  std::string text;
  if (!read_small_file("/proc/" + std::to_string(pid) + "/statm", text)) return 0;
  std::istringstream in(text);
  uint64_t size = 0, resident = 0;
  in >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

bool catches_signal(pid_t pid, int signal) {
  std::string text;
  if (signal < 1 || signal > 64 || !read_small_file("/proc/" + std::to_string(pid) + "/status", text))
    return false;
  const size_t at = text.find("SigCgt:");
  if (at == std::string::npos) return false;
  const uint64_t mask = std::strtoull(text.c_str() + at + 7, nullptr, 16);
  return (mask >> (signal - 1)) & 1u;
}

bool environ_has(pid_t pid, const std::string& entry) {
  std::string text;
  if (!read_small_file("/proc/" + std::to_string(pid) + "/environ", text)) return false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    if (text.compare(start, end - start, entry) == 0) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace mpc
