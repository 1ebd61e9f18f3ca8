#include "hang_explanation.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <regex>

namespace mpc {
namespace {

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string at(const PyFrame& f) { return short_file(f.file) + ":" + std::to_string(f.line); }

// A line without its trailing comment (a `#` outside quotes).
std::string without_comment(const std::string& line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      return line.substr(0, i);
    }
  }
  return line;
}

// "`print(...)`" for a frame's line, or "" when the source is not at hand.
std::string code(const SourceLine& source, const PyFrame& f) {
  const std::string line = trim(without_comment(source(f.file, f.line)));
  return line.empty() ? "" : "`" + line + "`";
}

std::string with_code(const std::string& place, const std::string& quoted) {
  return quoted.empty() ? place : place + ", " + quoted;
}

bool in_logging(const PyFrame& f) { return ends_with(f.file, "logging/__init__.py"); }
bool in_importlib(const PyFrame& f) { return f.file.rfind("<frozen importlib", 0) == 0; }

bool writes_stream(const std::string& line) {
  return contains(line, "print(") || contains(line, ".write(") || contains(line, ".flush(");
}

std::string stream_of(const std::string& line) {
  if (contains(line, "stderr")) return "sys.stderr";
  if (contains(line, "stdout") || (contains(line, "print(") && !contains(line, "file="))) return "sys.stdout";
  return "";
}

// What a lock is called at a line that takes it: NAME in `with NAME:` or
// `NAME.acquire(`, "" when the line takes none this way.
std::string lock_taken_at(const std::string& line) {
  static const std::regex with_lock(R"(^\s*with\s+([A-Za-z_][\w.]*)\s*(\(\s*\))?\s*:)");
  static const std::regex acquire(R"(([A-Za-z_][\w.]*)\.acquire\()");
  std::smatch m;
  if (std::regex_search(line, m, with_lock) || std::regex_search(line, m, acquire)) return m[1];
  return "";
}

size_t indent_of(const std::string& line) {
  const size_t n = line.find_first_not_of(" \t");
  return n == std::string::npos ? std::string::npos : n;
}

// Where, above frame `f` in its function, lock `name` was taken and not released
// (a `with NAME:` block f is inside, or `NAME.acquire()` with no release between):
// the line number, or 0.
int line_holding(const SourceLine& source, const PyFrame& f, const std::string& name) {
  const std::string here = source(f.file, f.line);
  if (here.empty() || lock_taken_at(here) == name) return 0;  // taking it, not holding it
  size_t depth = indent_of(here);
  for (int n = f.line - 1; n >= 1 && n > f.line - 200; --n) {
    const std::string line = source(f.file, n);
    const size_t ind = indent_of(line);
    if (ind == std::string::npos || line[ind] == '#') continue;
    const std::string text = trim(line);
    if (contains(text, name + ".release(")) return 0;
    if (ind <= depth && lock_taken_at(line) == name && (contains(text, ".acquire(") || ind < depth)) return n;
    if (ind < depth) {
      if (text.rfind("def ", 0) == 0 || text.rfind("async def ", 0) == 0 || text.rfind("class ", 0) == 0)
        return 0;
      depth = ind;
    }
  }
  return 0;
}

// What a hung child's blocked thread waits for.
struct Wait {
  enum Kind { kStdio, kLoggingHandler, kLoggingModule, kImport, kNamedLock, kNativePool, kUnknown } kind = kUnknown;
  std::string lock;   // "the lock of sys.stderr's buffer"
  std::string where;  // "in print() (case.py:11)"
  std::string name;   // the lock's name (kNamedLock) or the stream's (kStdio)
  std::string file;   // where a named lock was taken (kNamedLock)
};

// A library frame as the function people call: "queue.put", "logging.error",
// "logging.handlers.enqueue" (module from the path under lib/pythonX.Y).
std::string qualified(const PyFrame& f) {
  std::string module = f.file;
  const size_t lib = module.find("/lib/python");
  if (lib != std::string::npos) {
    const size_t slash = module.find('/', lib + 11);
    module = slash == std::string::npos ? module : module.substr(slash + 1);
    if (module.rfind("site-packages/", 0) == 0 || module.rfind("dist-packages/", 0) == 0)
      module = module.substr(14);
  } else {
    module = short_file(module);
  }
  if (ends_with(module, ".py")) module.resize(module.size() - 3);
  if (ends_with(module, "/__init__")) module.resize(module.size() - 9);
  for (char& c : module)
    if (c == '/') c = '.';
  return module + "." + f.function;
}

// Where the program entered the library on the way to frame `inner` (an index into
// `stack`, innermost first): "through `logging.error` (case.py:16, `log.error(...)`)",
// or "" when the program's own code is not on the way.
std::string through(const std::vector<PyFrame>& stack, size_t inner, const SourceLine& source) {
  for (size_t i = inner + 1; i < stack.size(); ++i) {
    if (is_library_frame(stack[i])) continue;
    return " through `" + qualified(stack[i - 1]) + "` (" + with_code(at(stack[i]), code(source, stack[i])) + ")";
  }
  return "";
}

// Names that are one lock in the standard library: a queue.Queue's three
// conditions are built on its one mutex.
bool same_lock(const std::string& a, const std::string& a_file, const std::string& b, const std::string& b_file) {
  if (a == b) return true;
  auto queue_mutex = [](const std::string& name, const std::string& file) {
    return ends_with(file, "/queue.py") && (name == "self.mutex" || name == "self.not_empty" ||
                                            name == "self.not_full" || name == "self.all_tasks_done");
  };
  return queue_mutex(a, a_file) && queue_mutex(b, b_file);
}

std::string native_pool(const ThreadWait& t) {
  const std::string& w = t.native_where.empty() ? t.wait : t.native_where;
  if (contains(w, "libgomp")) return "libgomp's OpenMP thread pool";
  if (contains(w, "libiomp") || contains(w, "libomp")) return "the OpenMP runtime's thread pool";
  if (contains(w, "libopenblas")) return "OpenBLAS's thread pool";
  if (contains(w, "libtbb")) return "TBB's thread pool";
  if (contains(w, "libtorch")) return "torch's intra-op thread pool";
  if (contains(w, "libmkl")) return "MKL's thread pool";
  return "";
}

Wait wait_of(const ThreadWait& t, const SourceLine& source) {
  Wait w;
  const std::vector<PyFrame> frames = parse_python_stack(t.python_stack);
  const PyFrame* user = user_frame(frames);
  const std::string user_at = user ? " (" + with_code(at(*user), code(source, *user)) + ")" : "";
  const std::string pool = native_pool(t);
  if (!pool.empty()) {
    w.kind = Wait::kNativePool;
    w.lock = pool;
    w.where = "(" + (t.native_where.empty() ? t.wait : t.native_where) + ")" +
              (user ? " at " + with_code(at(*user), code(source, *user)) : "");
    return w;
  }
  if (frames.empty()) {
    w.where = t.wait.empty() ? "" : "(" + t.wait + ")";
    return w;
  }
  const PyFrame& inner = frames.front();
  if (in_logging(inner)) {
    if (inner.function == "emit" || inner.function == "flush") {
      w.kind = Wait::kStdio;
      w.lock = "the lock of the logging handler's stream's buffer";
      w.where = "in logging's " + inner.function + "()" + user_at;
    } else if (contains(inner.function, "ModuleLock") || inner.function == "_acquireLock") {
      w.kind = Wait::kLoggingModule;
      w.lock = "logging's module lock";
      w.where = "in logging's " + inner.function + "()" + user_at;
    } else {
      w.kind = Wait::kLoggingHandler;
      w.lock = "the lock of a logging handler";
      w.where = "in logging's " + inner.function + "()" + user_at;
    }
    return w;
  }
  if (in_importlib(inner)) {
    w.kind = Wait::kImport;
    w.lock = "an import lock";
    w.where = "in importlib's " + inner.function + "()" + user_at;
    return w;
  }
  // A named lock: the innermost line takes it, or the line that called into
  // threading.py (an RLock, a Condition) does.
  for (size_t i = 0; i < frames.size() && i < 3; ++i) {
    const std::string name = lock_taken_at(source(frames[i].file, frames[i].line));
    if (!name.empty()) {
      w.kind = Wait::kNamedLock;
      w.name = name;
      w.file = frames[i].file;
      w.lock = "`" + name + "`";
      w.where = is_library_frame(frames[i])
                    ? "in `" + qualified(frames[i]) + "` (" + at(frames[i]) + ")" + through(frames, i, source)
                    : "at " + with_code(at(frames[i]), code(source, frames[i]));
      return w;
    }
    if (!ends_with(frames[i].file, "threading.py")) break;
  }
  const std::string line = source(inner.file, inner.line);
  if (writes_stream(line)) {
    w.kind = Wait::kStdio;
    w.name = stream_of(line);
    w.lock = w.name.empty() ? "the lock of a stream's buffer" : "the lock of " + w.name + "'s buffer";
    w.where = std::string(contains(line, "print(") ? "in print()" : "in write()") + " (" + at(inner) + ")";
    return w;
  }
  w.where = "at " + with_code(at(inner), code(source, inner)) + (t.wait.empty() ? "" : " (" + t.wait + ")");
  return w;
}

std::string thread_label(const ForkThread& t) {
  if (!t.name.empty()) return "thread '" + t.name + "'";
  return t.native_id ? "thread " + std::to_string(*t.native_id) : "a thread threading does not know";
}

// The parent's thread that holds what `w` waits for, described, or "".
std::string holder(const Wait& w, const AtFork& fork, const SourceLine& source) {
  for (const auto& t : fork.threads) {
    if (t.stack.empty()) continue;
    const PyFrame& inner = t.stack.front();
    const PyFrame* user = user_frame(t.stack);
    // The user's line beside a library frame `f`: the call that led there ("from"),
    // or the user's code it had called back into ("at": a stream's write, say).
    auto beside = [&](const PyFrame& f) -> std::string {
      if (!user || user == &f || is_library_frame(*user)) return "";
      return (user > &f ? ", from " : ", at ") + with_code(at(*user), code(source, *user));
    };
    switch (w.kind) {
      case Wait::kLoggingHandler:
      case Wait::kLoggingModule:
        for (const auto& f : t.stack)
          if (in_logging(f))
            return thread_label(t) + " was inside logging's " + f.function + "() (" + at(f) + beside(f) + ")";
        break;
      case Wait::kImport:
        for (const auto& f : t.stack)
          if (in_importlib(f)) return thread_label(t) + " was importing (" + at(f) + beside(f) + ")";
        break;
      case Wait::kStdio: {
        if (in_logging(inner) && (inner.function == "emit" || inner.function == "flush"))
          return thread_label(t) + " was inside logging's " + inner.function + "() (" + at(inner) + beside(inner) + ")";
        const std::string line = source(inner.file, inner.line);
        if (writes_stream(line) && (w.name.empty() || stream_of(line).empty() || stream_of(line) == w.name))
          return thread_label(t) + " was inside " + (contains(line, "print(") ? "print()" : "write()") + " (" +
                 at(inner) + ")";
        break;
      }
      case Wait::kNamedLock:
        for (size_t i = 0; i < t.stack.size(); ++i) {
          const PyFrame& f = t.stack[i];
          // Inside Condition.wait() the lock is released until the wait ends.
          if (i > 0 && ends_with(t.stack[i - 1].file, "threading.py") &&
              (t.stack[i - 1].function == "wait" || t.stack[i - 1].function == "wait_for"))
            break;
          // Leaving a `with` block: the frame is back at the `with` line while a
          // Condition's __exit__ (threading.py) has not yet released the lock.
          const bool leaving = i > 0 && ends_with(t.stack[i - 1].file, "threading.py") &&
                               t.stack[i - 1].function == "__exit__";
          auto holds = [&](const std::string& name) {
            if (leaving && lock_taken_at(source(f.file, f.line)) == name) return f.line;
            return line_holding(source, f, name);
          };
          int taken = 0;
          std::string held = w.name;
          if (same_lock(w.name, w.file, "self.mutex", f.file)) {
            // Any of the queue's names for its mutex, whichever this frame took.
            for (const char* alias : {"self.not_full", "self.not_empty", "self.all_tasks_done", "self.mutex"})
              if ((taken = holds(alias))) {
                held = alias;
                break;
              }
          } else {
            taken = holds(w.name);
          }
          if (!taken) continue;
          const std::string with_line = code(source, PyFrame{f.file, taken, f.function});
          if (is_library_frame(f)) {
            std::string s = thread_label(t) + " was inside `" + qualified(f) + "` (" +
                            (with_line.empty() ? "" : with_line + ", ") + short_file(f.file) + ":" +
                            std::to_string(taken) + ")" + through(t.stack, i, source);
            if (held != w.name) s += " (`" + held + "` is the queue's one mutex, as `" + w.name + "` is)";
            return s;
          }
          return thread_label(t) + " was at " + with_code(at(f), code(source, f)) + ", inside " + with_line +
                 " (line " + std::to_string(taken) + ")";
        }
        break;
      default:
        break;
    }
  }
  return "";
}

// The parent's threads that were taking the lock `w` waits for at the fork: their
// innermost line takes it (`with NAME:`, `NAME.acquire(`), under threading.py's
// own frames (a Condition's __enter__). A thread whose acquire has succeeded in C
// still stands at that line while it waits for the GIL back, so when no thread was
// inside the lock's block, one of these held it: the phrase says so, or "".
std::string takers(const Wait& w, const AtFork& fork, const SourceLine& source) {
  if (w.kind != Wait::kNamedLock) return "";
  std::vector<std::string> seen;
  for (const auto& t : fork.threads)
    for (size_t i = 0; i < t.stack.size() && i < 3; ++i) {
      const PyFrame& f = t.stack[i];
      const std::string taken = lock_taken_at(source(f.file, f.line));
      if (!taken.empty() && same_lock(w.name, w.file, taken, f.file)) {
        const std::string where = is_library_frame(f) ? "`" + qualified(f) + "`, " + short_file(f.file) + ":" +
                                                            std::to_string(f.line)
                                                      : at(f);
        seen.push_back(thread_label(t) + " was taking it (`" + trim(source(f.file, f.line)) + "` in " + where +
                       ")" + (is_library_frame(f) ? through(t.stack, i, source) : ""));
        break;
      }
      if (!ends_with(f.file, "threading.py")) break;
    }
  if (seen.empty()) return "";
  std::string s;
  for (size_t i = 0; i < seen.size(); ++i)
    s += (i == 0 ? "" : i + 1 == seen.size() ? " and " : ", ") + seen[i];
  return s + "; no thread was inside it, and an acquire that has succeeded still stands at its line until the "
             "thread has the GIL back, so " +
         (seen.size() == 1 ? "that thread is the one that can have held it" : "one of them held it");
}

// The parent's other threads, one phrase each, for when none could be named holder.
std::string others(const AtFork& fork, const SourceLine& source) {
  std::string out;
  for (const auto& t : fork.threads) {
    const PyFrame* f = user_frame(t.stack);
    out += (out.empty() ? "" : "; ") + thread_label(t) + (f ? " at " + with_code(at(*f), code(source, *f)) : "");
  }
  return out;
}

// The native pool's workers: the parent's threads Python did not start, and where
// they were at the hang when the parent is among the hung processes.
std::string pool_workers(const AtFork& fork, const std::vector<HungProcess>& hang) {
  const int n = fork.native_thread_count();
  if (n == 0) return "the parent had no thread but Python's, so the pool was not started there";
  std::string s = "the parent had " + std::to_string(n) + (n == 1 ? " thread" : " threads") + " Python did not start";
  const std::vector<long> tids = fork.native_threads();
  std::map<long, std::string> now;
  for (const auto& p : hang)
    if (p.pid == fork.parent_pid)
      for (const auto& t : p.threads) now[t.tid] = t.native_where;
  std::string list;
  for (size_t i = 0; i < tids.size() && i < 4; ++i) {
    const auto it = now.find(tids[i]);
    list += (list.empty() ? "" : ", ") + std::to_string(tids[i]) +
            (it != now.end() && !it->second.empty() ? " in " + it->second : "");
  }
  if (!list.empty()) s += " (" + list + (tids.size() > 4 ? ", ..." : "") + ")";
  return s + ", the pool's workers, which fork does not copy";
}

std::string explain_one(const HungProcess& p, const ThreadWait& t, const AtFork* fork,
                        const std::vector<HungProcess>& hang, const SourceLine& source, Wait* out) {
  const Wait w = wait_of(t, source);
  *out = w;
  std::string s = "pid " + std::to_string(p.pid) + " waits";
  if (!w.lock.empty()) s += (w.kind == Wait::kNativePool ? " in " : " for ") + w.lock;
  if (!w.where.empty()) s += " " + w.where;
  if (!fork && p.role == "main") return s + " (the main process, which no fork made).";
  if (!fork) return s + "; its fork was not recorded (a spawned process, or past its parent's first 50 forks).";
  const PyFrame* where = user_frame(fork->forking_stack);
  s += "; at its fork";
  if (where) s += " (" + with_code(at(*where), code(source, *where)) + ")";
  s += ", ";
  if (w.kind == Wait::kNativePool) return s + pool_workers(*fork, hang) + ".";
  const std::string who = holder(w, *fork, source);
  if (!who.empty()) return s + who + ", holding it.";
  const std::string taking = takers(w, *fork, source);
  if (!taking.empty()) return s + taking + ".";
  if (fork->threads.empty()) return s + "the parent had no other Python thread, so no lock was copied held by one.";
  return s + "no other thread of the parent was seen holding it (" + others(*fork, source) + ").";
}

}  // namespace

std::string short_file(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return path;
  const std::string base = path.substr(slash + 1);
  if (base != "__init__.py" || slash == 0) return base;
  const size_t up = path.rfind('/', slash - 1);
  return path.substr(up == std::string::npos ? 0 : up + 1);
}

SourceLine source_from_disk() {
  auto cache = std::make_shared<std::map<std::string, std::vector<std::string>>>();
  return [cache](const std::string& file, int line) -> std::string {
    auto it = cache->find(file);
    if (it == cache->end()) {
      std::vector<std::string> lines;
      std::ifstream in(file);
      for (std::string l; std::getline(in, l);) lines.push_back(l);
      it = cache->emplace(file, std::move(lines)).first;
    }
    return line >= 1 && static_cast<size_t>(line) <= it->second.size() ? it->second[line - 1] : "";
  };
}

std::string locks_held_at_fork(const AtFork& fork, const SourceLine& source) {
  std::string out;
  for (const auto& t : fork.threads) {
    if (t.stack.empty()) continue;
    const PyFrame& inner = t.stack.front();
    const PyFrame* user = user_frame(t.stack);
    const std::string from =
        user && !is_library_frame(*user) && user != &inner ? ", from " + with_code(at(*user), code(source, *user)) : "";
    std::string said;
    for (const auto& f : t.stack)
      if (in_logging(f)) {
        said = thread_label(t) + " was inside logging's " + f.function + "() (" + at(f) + from + ")";
        break;
      }
    if (said.empty())
      for (const auto& f : t.stack)
        if (in_importlib(f)) {
          said = thread_label(t) + " was importing (" + at(f) + from + ")";
          break;
        }
    if (said.empty() && !is_harness_frame(inner) && writes_stream(source(inner.file, inner.line)))
      said = thread_label(t) + " was inside " +
             (contains(source(inner.file, inner.line), "print(") ? "print()" : "write()") + " (" + at(inner) + ")";
    if (said.empty())
      for (const auto& f : t.stack) {
        // Inside Condition.wait() the lock is released until the wait ends.
        if (&f != &t.stack.front() && ends_with((&f - 1)->file, "threading.py") &&
            ((&f - 1)->function == "wait" || (&f - 1)->function == "wait_for"))
          break;
        std::string name;
        int taken = 0;
        for (int n = f.line; n >= 1 && n > f.line - 200 && !taken; --n) {
          name = lock_taken_at(source(f.file, n));
          if (!name.empty()) taken = line_holding(source, f, name);
        }
        if (!taken) continue;
        said = thread_label(t) + " was inside `" + trim(source(f.file, taken)) + "` (" + short_file(f.file) + ":" +
               std::to_string(taken) + (is_library_frame(f) ? ", in `" + qualified(f) + "`" : "") + ")" +
               (is_library_frame(f) ? through(t.stack, static_cast<size_t>(&f - &t.stack.front()), source) : "");
        break;
      }
    if (!said.empty()) out += (out.empty() ? "" : "; ") + said;
  }
  return out;
}

std::string explain_hang(const std::vector<HungProcess>& hang, const std::vector<AtFork>& forks,
                         const SourceLine& source) {
  // The children stuck on their own, first: a parent waiting on them is a consequence.
  std::vector<const HungProcess*> stuck;
  for (const auto& p : hang)
    if (p.judgement == "stuck") stuck.push_back(&p);
  // Each stuck child's wait, explained. The first told is one whose wait is a lock
  // of its own (copied held at its fork): a pool worker waiting on the pool's
  // shared lock or pipe behind it is stuck because of it, not the cause.
  struct Told {
    pid_t pid;
    Wait wait;
    std::string text;
  };
  std::vector<Told> told;
  for (const HungProcess* p : stuck) {
    const ThreadWait* blocked = nullptr;
    for (const auto& t : p->threads)
      if (!t.wait.empty()) {
        blocked = &t;
        break;
      }
    if (!blocked) continue;
    Told t{p->pid, {}, ""};
    t.text = explain_one(*p, *blocked, at_fork_of(forks, p->pid), hang, source, &t.wait);
    told.push_back(std::move(t));
  }
  if (told.empty()) return "";
  auto lead = std::find_if(told.begin(), told.end(), [](const Told& t) { return t.wait.kind != Wait::kUnknown; });
  if (lead == told.end()) lead = told.begin();
  const std::string first = lead->text;
  std::vector<pid_t> alike;
  for (const Told& t : told)
    if (&t != &*lead && t.wait.kind == lead->wait.kind && t.wait.lock == lead->wait.lock) alike.push_back(t.pid);
  if (first.empty() || alike.empty()) return first;
  std::string pids;
  for (size_t i = 0; i < alike.size(); ++i)
    pids += (i == 0 ? "" : i + 1 == alike.size() ? " and " : ", ") + std::to_string(alike[i]);
  return first + (alike.size() == 1 ? " pid " : " pids ") + pids + (alike.size() == 1 ? " waits" : " wait") +
         " for the same.";
}

}  // namespace mpc
