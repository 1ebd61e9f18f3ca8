#include "check_diagnosis.h"

#include <set>

#include "at_fork.h"
#include "python_exception.h"

using nlohmann::json;

namespace mpc {
namespace {

std::string place_str(const SourcePlace& p) { return p.file + ":" + std::to_string(p.line); }

// "fn.<locals>.producer" -> "producer": the name people see in their def line.
std::string short_name(const std::string& qualname) {
  const size_t dot = qualname.rfind('.');
  return dot == std::string::npos ? qualname : qualname.substr(dot + 1);
}

SourcePlace place_of(const json& j) { return {j.value("file", ""), j.value("line", 0)}; }

json events_of(const json& cell) {
  json ev = cell.value("/evidence/check_events"_json_pointer, json::array());
  return ev.is_array() ? ev : json::array();
}

// The check hooks' own frames (boot's, and pyhooks/mpconform_check.py's wrapper
// of Process.start) are neither the program's nor the library's.
// "<string>" is spawn's `python -c` in a child, "<frozen ...>" importlib's.
bool is_own_frame(const std::string& file) {
  const std::string wrapper = "/mpconform_check.py";
  return file == "mpconform-boot.py" ||
         (file.size() > wrapper.size() && file.compare(file.size() - wrapper.size(), wrapper.size(), wrapper) == 0);
}

bool is_program_frame(const Frame& f) {
  return !is_own_frame(f.file) && f.file.rfind("<", 0) != 0 &&
         !is_library_frame(PyFrame{f.file, f.line, f.function});
}

// Every exception the cell's evidence holds with its frames: the main process's
// (from the channel), then each traceback a child printed (parsed again from its
// text: the document keeps the text, not the frames).
std::vector<PythonException> exceptions_with_frames(const json& cell) {
  std::vector<PythonException> all;
  const json& ev = cell.value("evidence", json::object());
  if (ev.contains("exception") && ev["exception"].is_object()) {
    PythonException e;
    e.type = ev["exception"].value("type", "");
    for (const auto& f : ev["exception"].value("frames", json::array()))
      e.frames.push_back({f.value("file", ""), f.value("line", 0), f.value("function", "")});
    all.push_back(std::move(e));
  }
  for (const auto& child : ev.value("child_tracebacks", json::array()))
    for (auto& e : parse_tracebacks(child.value("text", ""))) all.push_back(std::move(e));
  return all;
}

std::string evidence_string(const json& cell, const char* pointer) {
  const json v = cell.value(json::json_pointer(pointer), json(nullptr));
  return v.is_string() ? v.get<std::string>() : "";
}

Diagnosis pickling_diagnosis(const json& cell, const std::string& cwd) {
  Diagnosis d;
  auto found = pickling_culprit(cell);
  if (!found) {
    d.cause = "an object could not be pickled; the process did not say which (it failed outside the "
              "main process, e.g. in a child unpickling what it was sent)";
    d.remedy = pickling_remedy("", "");
    return d;
  }
  d.culprit = found->first;
  d.sent_by = found->second;
  d.culprit->defined.file = relative_to(cwd, d.culprit->defined.file);
  if (d.sent_by) d.sent_by->at.file = relative_to(cwd, d.sent_by->at.file);
  const Culprit& c = *d.culprit;
  d.cause = c.name + " (" + c.kind + (c.defined.line > 0 ? ", defined at " + place_str(c.defined) : "") +
            ") cannot be pickled";
  if (d.sent_by) d.cause += "; sent by " + d.sent_by->call + " at " + place_str(d.sent_by->at);
  d.remedy = pickling_remedy(c.kind, c.name);
  return d;
}

Diagnosis bootstrap_diagnosis(const json& cell, const SourcePlace& line, const std::string& outcome) {
  Diagnosis d;
  d.module_level_line = line;
  d.cause = "a process is started at module level (" + place_str(line) +
            ") and ran again when a child imported the main module";
  const json root = cell.value("/evidence/root_cause"_json_pointer, json(nullptr));
  if (root.is_object())  // e.g. 3.14: the fork server preloads __main__ and dies of it
    d.cause += " (" + root.value("process", "a child process") + " died of it; the main process then got " +
               root.value("consequence", "an error") + ")";
  else if (outcome != "bootstrap-error")
    d.cause += " (the child's bootstrap RuntimeError came first; " + outcome + " followed)";
  d.remedy = bootstrap_remedy();
  return d;
}

// The innermost line of the program on the main exception's stack.
std::string program_line_of(const PythonException& e, const std::string& cwd) {
  for (auto it = e.frames.rbegin(); it != e.frames.rend(); ++it)
    if (is_program_frame(*it)) return " at " + relative_to(cwd, it->file) + ":" + std::to_string(it->line);
  return "";
}

// Before multiprocessing: nothing was pickled, no method chosen, no process
// started, and no frame of the main exception is multiprocessing's.
bool failed_before_multiprocessing(const json& cell) {
  if (!events_of(cell).empty()) return false;
  if (!cell.value("/evidence/child_tracebacks"_json_pointer, json::array()).empty()) return false;
  const json processes = cell.value("/evidence/processes"_json_pointer, json::array());
  if (processes.is_array() && processes.size() > 1) return false;
  const json frames = cell.value("/evidence/exception/frames"_json_pointer, json::array());
  for (const auto& f : frames)
    if (f.value("file", "").find("/multiprocessing/") != std::string::npos) return false;
  return true;
}

}  // namespace

std::string pickling_remedy(const std::string& kind, const std::string& name) {
  const std::string n = name.empty() ? "it" : "`" + short_name(name) + "`";
  if (kind == "local function")
    return "move " + n + " to module level (a function defined inside another cannot be pickled by "
           "name); to bind data to it, use functools.partial of the module-level function";
  if (kind == "lambda")
    return "replace the lambda with a function defined at module level (def), or functools.partial of one";
  if (kind == "nested class" || kind == "instance of a nested class")
    return "define the class " + n + " at module level";
  if (kind == "function") return "make " + n + " importable by its name at module level";
  if (kind == "open file") return "pass the file's name, not the open file, and open it in the child";
  if (kind == "socket") return "pass the address, not the socket, and connect in the child";
  if (kind == "lock")
    return "pass a multiprocessing lock to the Process when it is created (it is inherited at start), or "
           "use a Manager's lock; a threading lock cannot cross processes";
  if (kind == "generator") return "pass the data (a list), not a generator; or produce it in the child";
  return "pass data, not closures or live resources: make what is sent picklable (module-level "
         "functions and classes, plain data) or create it in the child";
}

std::string bootstrap_remedy() {
  return "put the code that starts processes under `if __name__ == \"__main__\":` so a child importing "
         "the main module does not run it";
}

std::vector<std::string> default_on(const std::string& method) {
  if (method == "fork") return {"Linux < 3.14"};
  if (method == "spawn") return {"macOS >= 3.8", "Windows"};
  if (method == "forkserver") return {"Linux >= 3.14"};
  return {};
}

std::optional<std::pair<Culprit, std::optional<SentBy>>> pickling_culprit(const json& cell) {
  const json events = events_of(cell);
  const json* failure = nullptr;
  const json* failed_call = nullptr;
  for (const auto& ev : events) {
    const std::string kind = ev.value("event", "");
    if (kind == "pickling_failure" && !failure) failure = &ev;
    if (kind == "failed_call" && !failed_call) failed_call = &ev;
  }
  if (!failure || !(*failure)["culprit"].is_object()) return std::nullopt;
  const json& c = (*failure)["culprit"];
  Culprit culprit{c.value("name", ""), c.value("kind", ""), place_of(c), c.value("path", "")};
  std::optional<SentBy> sent_by;
  // The failure's own stack names the call when the program's thread pickled; a
  // Pool's task is pickled in a helper thread, whose call is in the main traceback.
  const json& own = (*failure)["sent_by"];
  if (own.is_object()) sent_by = SentBy{own.value("call", ""), place_of(own)};
  else if (failed_call) sent_by = SentBy{failed_call->value("call", ""), place_of(*failed_call)};
  return std::make_pair(culprit, sent_by);
}

std::optional<SourcePlace> bootstrap_line(const json& cell) {
  for (const PythonException& e : exceptions_with_frames(cell)) {
    bool bootstrap = false;
    for (const Frame& f : e.frames) bootstrap = bootstrap || f.function == "_check_not_importing_main";
    if (!bootstrap) continue;
    // Outermost first: the first module body of the program is the main module
    // being imported again, and its line is the one to guard.
    for (const Frame& f : e.frames)
      if (f.function == "<module>" && is_program_frame(f)) return SourcePlace{f.file, f.line};
  }
  return std::nullopt;
}

std::optional<std::string> same_failure_before_multiprocessing(const json& cells) {
  std::string outcome;
  for (const auto& cell : cells) {
    const std::string o = cell.value("outcome", "");
    if (o == "unsupported") continue;
    // Only a program's own failure (an exception, an exit status) can come before
    // multiprocessing; pickling and bootstrap errors are multiprocessing's own.
    const bool own_failure = o.rfind("exception:", 0) == 0 || o.rfind("exit:", 0) == 0;
    if (!own_failure || (!outcome.empty() && o != outcome) || !failed_before_multiprocessing(cell))
      return std::nullopt;
    outcome = o;
  }
  if (outcome.empty()) return std::nullopt;
  return outcome;
}

std::vector<MethodChoice> method_choices(const json& cell) {
  std::vector<MethodChoice> out;
  std::set<std::pair<std::string, int>> seen;
  const json events = events_of(cell);
  for (const auto& ev : events) {
    if (ev.value("event", "") != "method_choice") continue;
    MethodChoice m{ev.value("call", ""), ev.value("method", ""), place_of(ev)};
    if (seen.insert({m.at.file, m.at.line}).second) out.push_back(m);
  }
  return out;
}

std::string relative_to(const std::string& cwd, const std::string& path) {
  if (cwd.empty() || path.size() <= cwd.size() + 1 || path.compare(0, cwd.size(), cwd) != 0 || path[cwd.size()] != '/')
    return path;
  return path.substr(cwd.size() + 1);
}

Diagnosis diagnose(const json& cell, const std::string& cwd) {
  const std::string outcome = cell.value("outcome", "");
  if (outcome == "pickling-error") return pickling_diagnosis(cell, cwd);
  // A child's bootstrap error is the root cause of whatever the main process then
  // met (3.14's fork server dies of it; the main process reads a closed pipe).
  if (auto line = bootstrap_line(cell)) {
    line->file = relative_to(cwd, line->file);
    return bootstrap_diagnosis(cell, *line, outcome);
  }
  if (outcome == "bootstrap-error") {
    Diagnosis d;
    d.cause = "a process was started while a child imported the main module again (the line was not found)";
    d.remedy = bootstrap_remedy();
    return d;
  }
  if (pickling_culprit(cell)) {  // e.g. a Queue's feeder thread failed, and the program then hung
    Diagnosis d = pickling_diagnosis(cell, cwd);
    d.cause += " (then: " + outcome + ")";
    return d;
  }
  Diagnosis d;
  if (outcome == "deadlock" || outcome == "timeout") {
    const std::string why = evidence_string(cell, "/evidence/hang/explanation");
    const json alone = cell.value("/evidence/hang/deadlocked_alone"_json_pointer, json(nullptr));
    d.cause = outcome != "deadlock"                     ? "the tree was still running at its deadline"
              : alone.is_array() && !alone.empty() ? "a process deadlocked while others stayed busy"
                                                   : "the process tree hung: no thread could make progress";
    if (!why.empty()) d.cause += "; " + why;
    if (outcome == "deadlock")
      d.remedy = "start processes before starting threads, or use the forkserver or spawn method (a fork "
                 "copies locks held by other threads)";
    return d;
  }
  const std::vector<PythonException> all = exceptions_with_frames(cell);
  if (outcome.rfind("exception:", 0) == 0 && !all.empty())
    d.cause = "the main process raised " + outcome.substr(10) + program_line_of(all.front(), cwd);
  else
    d.cause = cell.value("/evidence/because"_json_pointer, std::string("outcome ") + outcome);
  return d;
}

}  // namespace mpc
