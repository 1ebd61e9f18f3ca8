#include "channel.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

namespace mpc {
namespace {

// What a check cell's hooks report (harness/runner/check_hooks.py,
// harness/pyhooks/mpconform_check.py), from any process of the cell.
bool is_check_event(const std::string& kind) {
  static const char* const kKinds[] = {"pickling_failure", "method_choice", "failed_call",
                                       "parent_state", "child_state", "source_facts",
                                       "module_level_output", "unhandled_log", "unhandled_log_count",
                                       "child_random", "os_rule", "os_lens_warnings"};
  for (const char* k : kKinds)
    if (kind == k) return true;
  return false;
}

}  // namespace

ChannelContents read_channel(const std::string& path) {
  ChannelContents c;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json ev = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!ev.is_object() || !ev.contains("event") || !ev["event"].is_string()) {
      ++c.bad_lines;  // e.g. a process killed in the middle of a write
      continue;
    }
    // Each branch reads all it needs before it changes `c`: a field of the wrong
    // type (the case can write to this file too) throws, and the line counts as
    // unreadable, as a torn one does.
    try {
      const std::string kind = ev["event"];
      // Only the first start is the runner's own; a case may append lines of its own.
      const bool started_already = c.report.started || c.report.unsupported;
      if ((kind == "start" || kind == "unsupported") && !started_already) {
        const std::string reason = ev.value("reason", "");
        c.start_facts = ev;
        c.report.started = kind == "start";
        c.report.unsupported = kind == "unsupported";
        c.report.unsupported_reason = reason;
      } else if (kind == "exception") {
        PythonException e;
        e.type = ev.value("type", "");
        e.module = ev.value("module", "");
        e.mro = ev.value("mro", std::vector<std::string>{});
        e.message = ev.value("message", "");
        const auto name = ev.find("import_name");
        if (name != ev.end() && name->is_string()) e.import_name = name->get<std::string>();
        e.text = ev.value("traceback", "");
        for (const auto& f : ev.value("frames", nlohmann::json::array()))
          e.frames.push_back({f.value("file", ""), f.value("line", 0), f.value("function", "")});
        c.report.exception = e;
      } else if (kind == "mark") {
        c.marks.push_back({{"pid", ev.value("pid", 0)}, {"name", ev.value("name", "")},
                           {"monotonic_ns", ev.value("monotonic_ns", int64_t{0})}});
      } else if (kind == "at_fork") {
        c.at_forks.push_back(std::move(ev));
      } else if (kind == "at_fork_count") {
        const std::string pid = std::to_string(ev.value("pid", 0));
        const int forks = ev.value("forks", 0);
        if (forks > c.forks_counted.value(pid, 0)) c.forks_counted[pid] = forks;
      } else if (is_check_event(kind)) {
        c.check_events.push_back(std::move(ev));
      } else if (c.suite.observe(ev)) {
        // tests_collected, test_started, test_finished: taken
      } else if (kind == "observe") {
        const std::string key = ev.value("key", ""), value = ev.value("value", "");
        const int pid = ev.value("pid", 0);
        c.observations[key] = value;
        c.observation_log.push_back({{"pid", pid}, {"key", key}, {"value", value}});
      }
    } catch (const nlohmann::json::exception&) {
      ++c.bad_lines;
    }
  }
  return c;
}

std::vector<nlohmann::json> ChannelTail::read_new() {
  std::vector<nlohmann::json> events;
  const int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return events;  // not written yet
  char buf[65536];
  for (;;) {
    const ssize_t n = pread(fd, buf, sizeof buf, static_cast<off_t>(offset_));
    if (n <= 0) break;
    offset_ += static_cast<uint64_t>(n);
    partial_.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  size_t start = 0;
  for (size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1) {
    nlohmann::json ev = nlohmann::json::parse(partial_.begin() + start, partial_.begin() + nl, nullptr, false);
    if (ev.is_object()) events.push_back(std::move(ev));
  }
  partial_.erase(0, start);
  return events;
}

}  // namespace mpc
