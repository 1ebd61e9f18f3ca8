#include "child_crashes.h"

#include <csignal>

#include "outcome.h"

namespace mpc {

int fatal_error_signal(const std::string& message) {
  static const std::pair<const char*, int> kNames[] = {
      {"Segmentation fault", SIGSEGV}, {"Floating point exception", SIGFPE}, {"Aborted", SIGABRT},
      {"Bus error", SIGBUS}, {"Illegal instruction", SIGILL}};
  for (const auto& [name, signal] : kNames)
    if (message.rfind(name, 0) == 0) return signal;
  return 0;
}

void ChildCrashes::feed(const char* data, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (data[i] != '\n') {
      if (partial_.size() < 4096) partial_ += data[i];  // a longer line is no report's
      continue;
    }
    line(partial_);
    partial_.clear();
  }
}

void ChildCrashes::line(const std::string& text) {
  static const std::string kHeader = "Fatal Python error: ";
  if (text.rfind(kHeader, 0) == 0) {
    if (const int signal = fatal_error_signal(text.substr(kHeader.size()))) {
      if (++count_ == 1) {
        signal_ = signal;
        capturing_ = true;
        report_ = text + "\n";
      }
      return;
    }
  }
  if (!capturing_) return;
  // The crashed thread comes first ("Current thread 0x...", or "Stack" with
  // all_threads=False); its frames end at the first line that is not one.
  const bool frame = text.rfind("  File \"", 0) == 0;
  if (in_frames_ && !frame) {
    capturing_ = false;
    return;
  }
  report_ += text + "\n";
  if (frame) {
    in_frames_ = true;
    const std::vector<PyFrame> f = parse_python_stack(text);
    stack_.insert(stack_.end(), f.begin(), f.end());
  }
  if (report_.size() > 16384) capturing_ = false;
}

bool ChildCrashes::in_pool_worker() const {
  for (const PyFrame& f : stack_)
    if (f.function == "worker" && f.file.find("multiprocessing/pool.py") != std::string::npos) return true;
  return false;
}

}  // namespace mpc

namespace mpc {

std::string crashes_sentence(const ChildCrashes& c, bool loop,
                             const std::function<std::string(const std::string&, int)>& source) {
  if (c.count() == 0) return "";
  const bool pool = c.in_pool_worker();
  const std::string who = pool ? (c.count() == 1 ? "a pool worker" : "pool workers")
                               : (c.count() == 1 ? "a process of the tree" : "processes of the tree");
  std::string s = who + (c.count() == 1 ? " died of " : " died of ") + signal_name(c.signal());
  if (c.count() > 1) s += " " + std::to_string(c.count()) + " times";
  if (const PyFrame* f = user_frame(c.first_stack())) {
    s += c.count() > 1 ? ", first at " : ", at ";
    s += f->file.substr(f->file.rfind('/') + 1) + ":" + std::to_string(f->line);
    std::string line = source ? source(f->file, f->line) : "";
    const size_t a = line.find_first_not_of(" \t");
    line = a == std::string::npos ? "" : line.substr(a);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) s += ", `" + line + "`";
    const PyFrame& inner = c.first_stack().front();
    if (&inner != f) s += " (inside " + inner.function + "(), " + inner.file.substr(inner.file.rfind('/') + 1) +
                          ":" + std::to_string(inner.line) + ")";
  }
  if (loop) s += pool ? "; the pool replaced them without end" : "; new ones kept being started";
  return s;
}

}  // namespace mpc
