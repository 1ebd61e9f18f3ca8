#include "results.h"
#include "os_lens.h"

#include "hang_explanation.h"
#include "output_causes.h"
#include "race_evidence.h"
#include "hidden_hang.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace mpc {
namespace {

using nlohmann::json;

json captured(const Captured& c) {
  return {{"text", c.text}, {"bytes", c.bytes}, {"truncated", c.truncated}};
}

json exception_json(const PythonException& e) {
  json frames = json::array();
  for (const auto& f : e.frames)
    frames.push_back({{"file", f.file}, {"line", f.line}, {"function", f.function}});
  return {{"type", e.type}, {"module", e.module}, {"mro", e.mro}, {"message", e.message},
          {"traceback", e.text}, {"frames", frames}, {"import_name", e.import_name.empty() ? json(nullptr) : json(e.import_name)}};
}

// The snapshot of the fork that made process `pid`, or null (the main process, a
// spawned one, or a fork past its parent's first records).
json at_fork_json(const CellResult& r, pid_t pid) {
  const AtFork* f = at_fork_of(r.at_forks, pid);
  if (!f) return nullptr;
  const PyFrame* where = user_frame(f->forking_stack);
  std::string call = where ? source_from_disk()(where->file, where->line) : "";
  call.erase(0, call.find_first_not_of(" \t"));
  return at_fork_evidence(*f, call);
}

// A suite's tests as they finished (check_hooks.py's plugin), and the deadlines
// its cell had: the idle window, the cap, and which ended it, if one did.
json pytest_stream_json(const CellResult& r) {
  json j = r.suite.to_json();
  if (r.suite_deadlines) {
    j["idle_s"] = r.suite_deadlines->idle_s;
    j["cap_s"] = r.suite_deadlines->cap_s;
  }
  j["ended_by"] = r.tree.end != TreeEnd::kDeadline ? json(nullptr)
                  : r.tree.deadline_capped        ? json("cap")
                                                  : json("idle");
  return j;
}

json junit_json(const JunitReport& j) {
  json tests = json::array();
  for (const JunitTest& t : j.tests)
    tests.push_back({{"id", t.id}, {"outcome", to_string(t.outcome)}, {"classname", t.classname}, {"name", t.name},
                     {"file", t.file}, {"message", t.message}, {"text", t.text}});
  return {{"error", j.read() ? json(nullptr) : json(j.error)}, {"tests", tests}};
}

json evidence(const CellResult& r) {
  const TreeRun& t = r.tree;
  json processes = json::array();
  for (const auto& p : t.processes)
    processes.push_back({{"pid", p.pid}, {"ppid", p.ppid}, {"cmdline", p.cmdline}, {"role", p.role}});
  json hang = nullptr;
  if (!t.hang.empty()) {
    json procs = json::array();
    for (const auto& p : t.hang) {
      json threads = json::array();
      for (const auto& w : p.threads)
        threads.push_back({{"tid", w.tid}, {"name", w.name}, {"state", std::string(1, w.state)},
                           {"wait", w.wait}, {"wchan", w.wchan}, {"syscall", w.syscall},
                           {"python_stack", w.python_stack}, {"native_stack", w.native_stack},
                           {"native_where", w.native_where}});
      procs.push_back({{"pid", p.pid}, {"ppid", p.ppid}, {"role", p.role}, {"cmdline", p.cmdline},
                       {"judgement", p.judgement}, {"threads", threads}, {"at_fork", at_fork_json(r, p.pid)}});
    }
    auto secs = [](double s) { return s < 0 ? json(nullptr) : json(s); };
    // The processes deadlocked on their own beside busy ones; [] for a whole tree.
    json alone = json::array();
    for (const auto& [pid, why] : t.deadlocked_alone) alone.push_back({{"pid", pid}, {"why", why}});
    hang = {{"started_s", secs(t.hang_started_s)}, {"verdict_s", secs(t.verdict_s)},
            {"verdict_monotonic_ns", t.verdict_monotonic_ns},
            {"explanation", r.hang_explanation.empty() ? json(nullptr) : json(r.hang_explanation)},
            {"deadlocked_alone", alone},
            {"processes", procs}};
  }
  json children = json::array();
  for (const auto& e : r.child_tracebacks)
    children.push_back({{"type", e.type}, {"message", e.message}, {"text", e.text}});
  return {
      {"end", to_string(t.end)},
      {"deadline_s", r.cell.kase ? json(r.limits.timeout_s) : json(nullptr)},
      {"limits", {{"timeout_s", r.limits.timeout_s}, {"processes", r.limits.processes},
                  {"memory_bytes", r.limits.memory_bytes}, {"output_bytes", r.limits.output_bytes}}},
      {"limit_hit", t.end == TreeEnd::kLimit
                        ? json{{"limit", t.limit}, {"detail", t.limit_detail}}
                        : json(nullptr)},
      {"containment", {{"processes", t.containment}, {"private_ipc", t.private_ipc},
                       {"peak_processes", t.peak_processes}, {"peak_memory_bytes", t.peak_memory},
                       {"forks_refused", t.forks_refused}}},
      {"exit_code", t.end == TreeEnd::kExited ? json(t.exit_code) : json(nullptr)},
      {"signal", t.end == TreeEnd::kSignaled ? json(signal_name(t.signal)) : json(nullptr)},
      {"child_crashes", t.crashes.count() == 0
                            ? json(nullptr)
                            : json{{"count", t.crashes.count()},
                                   {"first_signal", signal_name(t.crashes.signal())},
                                   {"pool_worker", t.crashes.in_pool_worker()},
                                   {"loop", t.end == TreeEnd::kCrashLoop},
                                   {"first_report", t.crashes.first_report()}}},
      {"because", r.because},
      {"stdout", captured(t.out)},
      {"stderr", captured(t.err)},
      {"exception", r.exception ? exception_json(*r.exception) : json(nullptr)},
      {"child_tracebacks", children},
      {"root_cause", r.root_cause ? json{{"process", r.root_cause->process},
                                         {"consequence", r.root_cause->consequence.str()}}
                                  : json(nullptr)},
      {"observation_log", r.observation_log},
      {"marks", r.marks},
      {"processes", processes},
      {"killed_at_end", t.killed},
      {"hang", hang},
      {"forks_past_snapshots", r.forks_counted},
      {"check_events", r.check_events},
      {"pytest_junit", r.junit ? junit_json(*r.junit) : json(nullptr)},
      {"pytest_stream", r.junit ? pytest_stream_json(r) : json(nullptr)},
      {"facts", r.facts},
      {"concurrency", concurrency_json(r.concurrency)},
      {"deadlocked_unwaited", hidden_hangs_json(r.tree, r.at_forks, source_from_disk())},
      {"forked_beside_threads", [&]() -> json {
         const auto beside = forked_beside_threads(r.at_forks);
         return beside ? json(*beside) : json(nullptr);
       }()},
      {"forked_beside_threads_at", [&]() -> json {
         const auto at = forked_beside_threads_at(r.at_forks);
         return at ? json{{"file", at->file}, {"line", at->line}} : json(nullptr);
       }()},
      {"harness_error", r.harness_error.empty() ? json(nullptr) : json(r.harness_error)},
  };
}

// The interpreter as the cell's main process saw it; a venv's python adds the
// environment and the sys.prefix the process had (the venv's, unless it was ignored).
json python_of(const CellResult& r) {
  json p{{"version", r.facts.value("python_version", r.cell.python.version)},
         {"executable", r.cell.python.executable}};
  if (!r.cell.python.venv.empty()) {
    p["venv"] = r.cell.python.venv;
    p["prefix"] = r.facts.value("prefix", "");
  }
  return p;
}

}  // namespace

// A lens cell's platform (reports/results-schema.md): always "emulated"; the rules
// the lens applied there (from the runner's start facts) and those that fired.
json os_json(const CellResult& r) {
  json rules = json::array(), fired = json::array();
  const auto lens = r.facts.find("os_lens");
  if (lens != r.facts.end() && lens->is_object()) rules = lens->value("rules", json::array());
  for (const auto& ev : r.check_events)
    if (ev.value("event", "") == "os_rule") {
      const std::string rule = ev.value("rule", "");
      if (std::find(fired.begin(), fired.end(), rule) == fired.end()) fired.push_back(rule);
    }
  return {{"name", r.cell.os}, {"emulated", true}, {"label", os_label(r.cell.os)}, {"rules", rules}, {"fired", fired}};
}

json cell_to_json(const CellResult& r) {
  json documented = nullptr;
  if (r.documented) {
    documented = {{"outcomes", json::array()}, {"observations", json::object()}};
    for (const auto& o : r.documented->outcomes) documented["outcomes"].push_back(o.str());
    for (const auto& [k, v] : r.documented->observations) documented["observations"][k] = v;
  }
  json expected = json::array(), expected_obs = json::object();
  if (r.expected) {
    for (const auto& o : r.expected->outcomes) expected.push_back(o.str());
    for (const auto& [k, v] : r.expected->observations) expected_obs[k] = v;
  }
  json cell = {
      {"case", r.cell.case_id},
      {"method", r.cell.method},
      {"resolved_method", r.resolved_method},
      {"exe_mode", r.cell.exe_mode},
      {"python", python_of(r)},
      {"outcome", r.outcome.str()},
      {"observations", r.observations},
      {"expected", expected},
      {"expected_observations", expected_obs},
      {"verdict", to_string(r.judgement.verdict)},
      {"reason", r.judgement.reason},
      {"documented", documented},
      {"claim_holds", r.claim_holds ? json(*r.claim_holds) : json(nullptr)},
      {"duration_s", r.tree.duration_s},
      {"evidence", evidence(r)},
  };
  // Why the output is what it is, from the cell's own processes (output_causes.h):
  // the same causes `check` gives its breaks, here without a baseline.
  cell["evidence"]["causes"] = causes_json(output_causes(cell, nullptr));
  cell["evidence"]["hazards"] = causes_json(cell_hazards(cell));
  if (is_lens(r.cell.os)) cell["os"] = os_json(r);
  return cell;
}

json cases_to_json(const Catalog& catalog) {
  json out = json::object();
  for (const auto& c : catalog.cases)
    out[c.id] = {{"file", c.file},   {"title", c.title}, {"source", c.source},
                 {"claim", c.claim}, {"notes", c.notes}, {"tags", c.tags}};
  for (const auto& e : catalog.errors)
    out[std::filesystem::path(e.file).stem().string()] = {{"file", e.file}};
  return out;
}

json count_verdicts(const json& cells) {
  json counts = {{"cells", cells.size()}, {"PASS", 0}, {"FAIL", 0}, {"NEW", 0}};
  for (const auto& c : cells) counts[c.value("verdict", "FAIL")] = counts[c.value("verdict", "FAIL")].get<int>() + 1;
  return counts;
}

void remove_stale_temporaries(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const size_t at = name.rfind(".tmp-");
    if (name.empty() || name[0] != '.' || at == std::string::npos) continue;
    const long pid = std::strtol(name.c_str() + at + 5, nullptr, 10);
    if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove(entry.path(), ec);
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const std::string tmp =
      (target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid())))
          .string();
  auto fail = [&](const char* what) {
    std::string reason = std::strerror(errno);
    unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + path + " (" + what + "): " + reason);
  };
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("open");
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      fail("write");
    }
    done += n;
  }
  if (close(fd) != 0) fail("close");
  if (rename(tmp.c_str(), path.c_str()) != 0) fail("rename");
}

}  // namespace mpc
