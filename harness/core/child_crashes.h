// Processes of a cell that died of a fatal signal, counted from faulthandler's
// reports on the tree's stderr (every cell process enables faulthandler,
// harness/pyhooks/sitecustomize.py): "Fatal Python error: Segmentation fault",
// then the crashed thread's stack. The supervisor cannot see these deaths itself:
// a pool worker is its parent's child, reaped by the pool, not by the subreaper.
// Passive: fed stderr as it arrives, it keeps the count and the first report.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "at_fork.h"

namespace mpc {

class ChildCrashes {
 public:
  // A cell whose pool workers died this many times while the main process ran
  // is in a crash loop: a Pool replaces dead workers without end, and the task a
  // dead worker held is never finished.
  static constexpr int kLoop = 8;

  void feed(const char* data, size_t n);
  int count() const { return count_; }
  int signal() const { return signal_; }  // the first crash's signal number, 0 if none
  // The first crash's stack, innermost first, and its report as written.
  const std::vector<PyFrame>& first_stack() const { return stack_; }
  const std::string& first_report() const { return report_; }
  // Whether the first crash was in a multiprocessing.Pool worker (pool.py's worker()
  // on its stack).
  bool in_pool_worker() const;
  bool loop() const { return count_ >= kLoop && in_pool_worker(); }

 private:
  void line(const std::string& text);
  std::string partial_;
  int count_ = 0;
  int signal_ = 0;
  bool capturing_ = false;
  bool in_frames_ = false;
  std::string report_;
  std::vector<PyFrame> stack_;
};

// One sentence for the cell's evidence, "" when nothing crashed: "pool workers
// died of SIGSEGV 12 times, first at case.py:12, `print(lock)`; the pool replaced
// them without end" (`loop`: the cell was stopped for it). `source` gives a
// file's line as written, "" when unknown.
std::string crashes_sentence(const ChildCrashes& c, bool loop,
                             const std::function<std::string(const std::string&, int)>& source);

// The signal faulthandler names after "Fatal Python error: " (SIGSEGV for
// "Segmentation fault"), or 0.
int fatal_error_signal(const std::string& message);

}  // namespace mpc
