// What `mpconform run` shows while cells finish. On a terminal: one line rewritten
// in place ("[12/56] 1 FAIL, ETA 12 s"), with each FAIL or NEW cell printed above it
// as it happens. In a log or a pipe: one plain line per finished cell, with no
// control characters at all. Colour only on a terminal and never with NO_COLOR;
// nothing at all when quiet. Passive: the run command calls cell_done() for each
// result (one call at a time, as run_cells promises) and finish() once at the end.
// A pytest suite's cells (check) also call tests_done() as their tests finish, from
// the cells' threads: the live line then counts the running cell's tests ("fork
// python3.11.2: 15/50 tests, 1 failed"); plain output gets such a line at most
// every kPlainTestsEvery seconds, so a long suite shows it is alive in a CI log.
#pragma once
#include <cstddef>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>

#include "cell_run.h"

namespace mpc::cli {

struct ProgressStyle {
  bool live = false;        // rewrite one line in place
  bool color = false;       // ANSI colours
  std::size_t width = 80;   // columns the live line may take without wrapping

  // A terminal gets live and colour (colour not if NO_COLOR is set), its own width.
  static ProgressStyle detect(std::FILE* out);
};

class Progress {
 public:
  Progress(std::size_t total, bool quiet, std::FILE* out = stderr);
  // For tests: a chosen style and a clock (seconds, any origin).
  Progress(std::size_t total, bool quiet, std::FILE* out, ProgressStyle style,
           std::function<double()> clock);
  ~Progress();  // finish(), so an exception never leaves a half-drawn line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // For `check`: its cells have no expectation, so no verdict (every one would say
  // NEW): lines show the outcome alone and the live line counts cells only.
  void without_verdicts() { judged_ = false; }

  void cell_done(const CellResult& r);
  void tests_done(const Cell& cell, const SuiteProgress& p);
  static constexpr double kPlainTestsEvery = 10;
  // Ends the live line with the totals; nothing to do in plain mode. Idempotent.
  void finish();

 private:
  void draw_live();
  // "[done/total] N FAIL" and `tail`, fitted to the width, coloured if allowed.
  std::string live_text(const std::string& tail) const;
  void write(const std::string& text);

  std::size_t total_, done_ = 0, failed_ = 0;
  bool quiet_, finished_ = false, judged_ = true;
  std::FILE* out_;
  ProgressStyle style_;
  std::function<double()> clock_;
  double started_;
  std::mutex mutex_;  // tests_done() comes from the cells' threads
  std::string tests_;       // the running suite cell's tests, for the live line
  std::string tests_cell_;  // which cell that is
  double next_plain_tests_ = 0;
};

// "fork python3.11.2: 15/50 tests, 1 failed": a suite cell's tests so far.
std::string tests_line(const Cell& cell, const SuiteProgress& p);

// "[3/56] FAIL no-main-guard spawn python3.11.2: ok (0.12s)": one finished cell,
// as plain lines and the lines above the live one show it.
std::string cell_line(const CellResult& r, std::size_t done, std::size_t total, bool judged = true);

// "12 s", "2 min 05 s": an estimate, so whole seconds.
std::string eta_text(double seconds);

}  // namespace mpc::cli
