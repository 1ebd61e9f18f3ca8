// Native (C-level) views of a hung tree's threads, so hang evidence can name the
// library a thread is stuck in ("in libgomp", "in gRPC's poller"), not only its
// Python line. Two tools, both Linux-only and both bounded in time:
// - where_running(): one ptrace stop of one running thread to read which mapped
//   file its instruction pointer is in (the hang probe's spin check);
// - collect_native_stacks(): every thread's backtrace from gdb, one process at a
//   time, after the verdict (before the tree is killed).
#pragma once
#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

#include "supervisor.h"

namespace mpc {

// The user-space instruction pointer of thread `tid` of process `pid` and the file
// mapped there (e.g. "/usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0"), "[anon]" for an
// anonymous mapping, or "" when it cannot be read (gone, not traceable, stopped for
// a signal, which is then delivered as it would have been). Stops the thread for
// microseconds. Never use it on the thread-group leader of a process whose parent
// is this process: its exit status could be consumed here instead of by its waiter.
struct RunningAt {
  std::string file;  // "" when unknown
  unsigned long long ip = 0;
};
RunningAt where_running(pid_t pid, pid_t tid);

// True for the threading runtimes whose workers wait by spinning (OpenMP's
// libgomp, LLVM's libomp, Intel's libiomp): a thread that stays inside one for
// seconds, with nothing else progressing, is spinning in a barrier.
bool is_spin_runtime(const std::string& mapped_file);

// One thread's backtrace as gdb printed it, and where it stands in one line.
struct NativeStack {
  pid_t tid = 0;
  std::string text;   // "#0  0x... in futex_wait (...) from /lib/.../libc.so.6\n#1 ..."
  std::string where;  // e.g. "GOMP_parallel in libgomp.so.1, from exec_blas in libopenblas.so.0"
};

// Parses `thread apply all bt` output into one NativeStack per thread (by LWP).
std::vector<NativeStack> parse_gdb_backtraces(const std::string& gdb_output);

// The innermost frame outside the C library and the loader, and the first frame
// below it in another library: what a person wants to read first.
std::string where_stuck(const std::string& backtrace);

// Fills ThreadWait::native_stack and native_where of every thread of every process
// (idle helpers last), running gdb once per process, each run bounded by
// `per_process` and all of them by `total`. Where gdb is not installed it records
// nothing. Threads found spinning (in an OpenMP runtime, or yielding in a loop) get
// "a spin loop in LIBRARY" as their wait.
void collect_native_stacks(std::vector<HungProcess>& hang,
                           std::chrono::milliseconds per_process = std::chrono::seconds(15),
                           std::chrono::milliseconds total = std::chrono::seconds(40));

}  // namespace mpc
