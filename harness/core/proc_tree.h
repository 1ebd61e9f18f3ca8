// Linux /proc, read for the supervisor: which processes belong to a cell, and what
// each of their threads is doing. Passive: it reads when asked and keeps no state.
#pragma once
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace mpc {

struct ThreadSample {
  pid_t tid = 0;
  std::string name;        // /proc/PID/task/TID/comm (threads may be named)
  char state = '?';        // R, S, D, Z, T... from /proc/PID/task/TID/stat
  uint64_t cpu_ticks = 0;  // utime + stime
  std::string wchan;       // kernel function the thread sleeps in, if any
  long syscall = -2;       // -1: not in a syscall; -2: unknown (running or unreadable)
  uint64_t args[6] = {0, 0, 0, 0, 0, 0};
};

struct ProcessSample {
  pid_t pid = 0, ppid = 0, pgid = 0;
  char state = '?';
  std::string cmdline;  // arguments joined by spaces
  uint64_t signals_caught = 0;  // SigCgt of /proc/PID/status: bit N-1 for signal N
  std::vector<ThreadSample> threads;
};

// Every process on the machine (pid, ppid, pgid, state only; cheap).
std::vector<ProcessSample> list_processes();
// The same for these processes only (those gone are left out).
std::vector<ProcessSample> list_processes(const std::vector<pid_t>& pids);
// This process's children, zombies included, from each thread's
// /proc/self/task/TID/children: a few small reads, not a walk of /proc.
std::vector<pid_t> own_children();
// Fills cmdline and threads of `p`; false if the process has gone.
bool sample_details(ProcessSample& p);
// True when /proc/PID/environ holds NAME=VALUE (the cell's token survives setsid).
bool environ_has(pid_t pid, const std::string& entry);
// True when the process has a handler installed for `signal` (SigCgt in status).
bool catches_signal(pid_t pid, int signal);
// Memory the process uses: its proportional share of resident pages (PSS, so pages
// shared after fork count once over the tree), or its RSS where PSS is unreadable.
uint64_t memory_in_use(pid_t pid);
// Resident pages (RSS) from /proc/PID/statm: cheap, and never less than PSS.
uint64_t resident_memory(pid_t pid);
// Reads a small file with O_CLOEXEC, so no descriptor leaks into a concurrent fork.
bool read_small_file(const std::string& path, std::string& out);

}  // namespace mpc
