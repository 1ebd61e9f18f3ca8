#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

namespace mpc::cli {
namespace {

constexpr const char* kEraseLine = "\r\033[2K";
constexpr const char* kRed = "\033[31m";
constexpr const char* kGreen = "\033[32m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kReset = "\033[0m";

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string paint(const std::string& text, const char* colour, bool on) {
  return on ? colour + text + kReset : text;
}

const char* verdict_colour(Verdict v) {
  return v == Verdict::kPass ? kGreen : v == Verdict::kFail ? kRed : kYellow;
}

// Cut to `width` columns: a wrapped live line would be redrawn by \r on its last
// row only. The live line is counts and an ETA, ASCII, so a byte is a column.
std::string fit(std::string text, std::size_t width) {
  if (width > 1 && text.size() > width - 1) text.resize(width - 1);
  return text;
}

}  // namespace

ProgressStyle ProgressStyle::detect(std::FILE* out) {
  ProgressStyle s;
  const int fd = fileno(out);
  s.live = fd >= 0 && isatty(fd);
  // Same rule as the matrix (documents.cc): NO_COLOR set at all means no colour.
  s.color = s.live && !std::getenv("NO_COLOR");
  winsize w{};
  if (s.live && ioctl(fd, TIOCGWINSZ, &w) == 0 && w.ws_col >= 20) s.width = w.ws_col;
  return s;
}

Progress::Progress(std::size_t total, bool quiet, std::FILE* out)
    : Progress(total, quiet, out, ProgressStyle::detect(out), steady_seconds) {}

Progress::Progress(std::size_t total, bool quiet, std::FILE* out, ProgressStyle style,
                   std::function<double()> clock)
    : total_(total), quiet_(quiet), out_(out), style_(style), clock_(std::move(clock)),
      started_(clock_()) {
  if (!quiet_ && style_.live) draw_live();
}

Progress::~Progress() { finish(); }

std::string cell_line(const CellResult& r, std::size_t done, std::size_t total, bool judged) {
  std::string line = "[" + std::to_string(done) + "/" + std::to_string(total) + "] " +
                     (judged ? std::string(to_string(r.judgement.verdict)) + " " : std::string()) + r.cell.case_id + " " +
                     r.cell.method + " python" + r.cell.python.version;
  if (r.cell.exe_mode != "python") line += " (" + r.cell.exe_mode + ")";
  line += ": " + r.outcome.str();
  char secs[32];
  std::snprintf(secs, sizeof secs, " (%.2fs)", r.tree.duration_s);
  return line + secs;
}

std::string eta_text(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  if (s < 120) return std::to_string(s) + " s";
  const long sec = s % 60;
  return std::to_string(s / 60) + " min " + (sec < 10 ? "0" : "") + std::to_string(sec) + " s";
}

void Progress::write(const std::string& text) {
  std::fputs(text.c_str(), out_);
  std::fflush(out_);
}

std::string tests_line(const Cell& cell, const SuiteProgress& p) {
  const size_t done = p.finished.size();
  std::string line = cell.method + " python" + cell.python.version + ": " + std::to_string(done) +
                     (p.collected ? "/" + std::to_string(*p.collected) : "") + (done == 1 && !p.collected ? " test" : " tests");
  if (p.failing) line += ", " + std::to_string(p.failing) + " failed";
  return line;
}

void Progress::tests_done(const Cell& cell, const SuiteProgress& p) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (quiet_ || finished_) return;
  const std::string key = cell.case_id + "/" + cell.method + "/" + cell.python.runner + "/" + cell.exe_mode;
  const double now = clock_();
  if (key != tests_cell_) {  // a new cell: plain output waits a while before its first line
    tests_cell_ = key;
    next_plain_tests_ = now + kPlainTestsEvery;
  }
  tests_ = tests_line(cell, p);
  if (style_.live) {
    draw_live();
    return;
  }
  if (now < next_plain_tests_) return;
  next_plain_tests_ = now + kPlainTestsEvery;
  write("  ... " + tests_ + "\n");
}

void Progress::draw_live() {
  std::string tail = tests_.empty() ? "" : ", " + tests_;
  if (done_ > 0 && done_ < total_) {
    const double elapsed = clock_() - started_;
    tail += ", ETA " + eta_text(elapsed / done_ * (total_ - done_));
  }
  write(kEraseLine + live_text(tail));
}

std::string Progress::live_text(const std::string& tail) const {
  const std::string counts = "[" + std::to_string(done_) + "/" + std::to_string(total_) + "] ";
  const std::string fails = judged_ ? std::to_string(failed_) + " FAIL" : "cells";
  // Fit the plain text first, so colour codes never count towards the width.
  const std::string plain = fit(counts + fails + tail, style_.width);
  if (!style_.color || !judged_ || plain.size() < counts.size() + fails.size()) return plain;
  return counts + paint(fails, failed_ ? kRed : kGreen, true) + plain.substr(counts.size() + fails.size());
}

void Progress::cell_done(const CellResult& r) {
  std::lock_guard<std::mutex> lock(mutex_);
  tests_.clear();
  tests_cell_.clear();
  ++done_;
  if (r.judgement.verdict == Verdict::kFail) ++failed_;
  if (quiet_ || finished_) return;
  std::string line = cell_line(r, done_, total_, judged_);
  if (style_.color && judged_) {
    const std::string verdict = to_string(r.judgement.verdict);
    const std::size_t at = line.find("] ") + 2;
    line.replace(at, verdict.size(), paint(verdict, verdict_colour(r.judgement.verdict), true));
  }
  if (!style_.live) {
    write(line + "\n");
    return;
  }
  // A terminal keeps what needs a look (FAIL, NEW) above the live line.
  if (r.judgement.verdict != Verdict::kPass || !judged_) write(kEraseLine + line + "\n");
  draw_live();
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (quiet_ || !style_.live) return;
  char secs[32];
  std::snprintf(secs, sizeof secs, " in %.1f s", clock_() - started_);
  write(kEraseLine + live_text(secs) + "\n");
}

}  // namespace mpc::cli
