#include "at_fork.h"

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

namespace mpc {

using nlohmann::json;

std::vector<PyFrame> parse_python_stack(const std::string& dump) {
  static const std::regex frame_line(R"re(^\s*File "(.*)", line (\d+) in (.*?)\s*$)re");
  std::vector<PyFrame> frames;
  std::istringstream in(dump);
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_match(line, m, frame_line)) frames.push_back({m[1], std::stoi(m[2]), m[3]});
  return frames;
}

std::string format_python_stack(const std::vector<PyFrame>& frames) {
  std::string out = "Stack (most recent call first):\n";
  for (const auto& f : frames)
    out += "  File \"" + f.file + "\", line " + std::to_string(f.line) + " in " + f.function + "\n";
  return out;
}

bool is_harness_frame(const PyFrame& f) {
  // In a build tree, and in an install (share/mpconform/pyhooks, harness/cli/paths.cc).
  return f.file.find("/harness/pyhooks/") != std::string::npos || f.file.find("/harness/runner/") != std::string::npos ||
         f.file.find("/share/mpconform/pyhooks/") != std::string::npos;
}

bool is_library_frame(const PyFrame& f) {
  const std::string& p = f.file;
  if (p.rfind("<frozen", 0) == 0) return true;
  if (is_harness_frame(f)) return true;
  return p.find("-packages/") != std::string::npos || p.find("/lib/python") != std::string::npos;
}

const PyFrame* user_frame(const std::vector<PyFrame>& frames) {
  for (const auto& f : frames)
    if (!is_library_frame(f)) return &f;
  return frames.empty() ? nullptr : &frames.front();
}

std::vector<long> AtFork::native_threads() const {
  std::set<long> python;
  if (forking_native_id) python.insert(*forking_native_id);
  else python.insert(parent_pid);  // before 3.8 no ids: the main thread's is the pid
  for (const auto& t : threads) {
    if (!t.native_id) return {};  // before 3.8: which tids are Python's is unknown
    python.insert(*t.native_id);
  }
  std::vector<long> out;
  for (long tid : parent_tasks)
    if (!python.count(tid)) out.push_back(tid);
  return out;
}

int AtFork::native_thread_count() const {
  const long python = 1 + static_cast<long>(threads.size()) + threads_not_recorded;
  return static_cast<int>(std::max(0L, static_cast<long>(parent_tasks.size()) - python));
}

namespace {

std::vector<PyFrame> frames_of(const json& arr) {
  std::vector<PyFrame> out;
  if (!arr.is_array()) return out;
  for (const auto& f : arr)
    if (f.is_array() && f.size() == 3 && f[0].is_string() && f[1].is_number_integer() && f[2].is_string())
      out.push_back({f[0].get<std::string>(), f[1].get<int>(), f[2].get<std::string>()});
  return out;
}

std::optional<long> optional_long(const json& v) {
  return v.is_number_integer() ? std::optional<long>(v.get<long>()) : std::nullopt;
}

}  // namespace

std::vector<AtFork> read_at_forks(const json& events, int* bad) {
  std::vector<AtFork> out;
  for (const auto& ev : events) {
    if (!ev.is_object() || !ev.value("pid", json()).is_number_integer() ||
        !ev.value("parent_pid", json()).is_number_integer()) {
      if (bad) ++*bad;
      continue;
    }
    AtFork r;
    r.pid = ev["pid"].get<pid_t>();
    r.parent_pid = ev["parent_pid"].get<pid_t>();
    r.seq = ev.value("seq", json()).is_number_integer() ? ev["seq"].get<int>() : 0;
    r.forking_native_id = optional_long(ev.value("forking_native_id", json()));
    r.forking_stack = frames_of(ev.value("forking_stack", json()));
    for (const auto& t : ev.value("threads", json::array())) {
      if (!t.is_object()) continue;
      ForkThread ft;
      ft.name = t.value("name", json()).is_string() ? t["name"].get<std::string>() : "";
      ft.native_id = optional_long(t.value("native_id", json()));
      ft.daemon = t.value("daemon", json()).is_boolean() && t["daemon"].get<bool>();
      ft.stack = frames_of(t.value("stack", json()));
      r.threads.push_back(std::move(ft));
    }
    const json more = ev.value("threads_not_recorded", json());
    r.threads_not_recorded = more.is_number_integer() ? more.get<int>() : 0;
    for (const auto& tid : ev.value("parent_tasks", json::array()))
      if (tid.is_number_integer()) r.parent_tasks.push_back(tid.get<long>());
    out.push_back(std::move(r));
  }
  return out;
}

const AtFork* at_fork_of(const std::vector<AtFork>& records, pid_t child) {
  for (const auto& r : records)
    if (r.pid == child) return &r;
  return nullptr;
}

json at_fork_evidence(const AtFork& r, const std::string& call) {
  json threads = json::array();
  for (const auto& t : r.threads)
    threads.push_back({{"name", t.name}, {"native_id", t.native_id ? json(*t.native_id) : json(nullptr)},
                       {"daemon", t.daemon}, {"python_stack", format_python_stack(t.stack)}});
  const PyFrame* where = user_frame(r.forking_stack);
  return {{"parent_pid", r.parent_pid},
          {"seq", r.seq},
          {"where", where ? where->file + ":" + std::to_string(where->line) : ""},
          {"call", call},
          {"forking_stack", format_python_stack(r.forking_stack)},
          {"threads", threads},
          {"threads_not_recorded", r.threads_not_recorded},
          {"native_threads", r.native_threads()},
          {"native_thread_count", r.native_thread_count()}};
}

}  // namespace mpc
