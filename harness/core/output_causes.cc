#include "output_causes.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "check_baseline.h"

using nlohmann::json;

namespace mpc {
namespace {

// --- reading the evidence ---------------------------------------------------------

// What `ast` read of the main file (source_facts, once per program), or {}.
json source_facts(const json& cell) {
  const json facts = events_of(cell, "source_facts");
  return facts.empty() ? json::object() : facts[0];
}

// The objects of a list field of `j` (the hooks' JSON is the program's process's
// word: a field of another shape is no list).
std::vector<json> objects_at(const json& j, const char* key) {
  std::vector<json> out;
  const json list = j.is_object() ? j.value(key, json::array()) : json::array();
  if (list.is_array())
    for (const auto& x : list)
      if (x.is_object()) out.push_back(x);
  return out;
}

std::string method_of(const json& cell) { return cell.value("resolved_method", cell.value("method", "")); }

std::string place_str(const SourcePlace& p) { return p.file + ":" + std::to_string(p.line); }

std::string quoted(const std::string& s) { return "`" + s + "`"; }

std::string plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// --- what each cause reads --------------------------------------------------------

struct CauseInput {
  const json& cell;
  const json* baseline;  // null: no baseline to compare with
  std::string cwd;
  json facts;  // source_facts
  std::string file() const { return relative_to(cwd, facts.value("file", std::string())); }
  SourcePlace at(int line) const { return {file(), line}; }
};

// A name's entry in source_facts ("MODE" among the globals, "Settings.verbose"
// among the class attributes), or null.
const json* name_facts(const json& facts, const std::string& name) {
  const char* table = name.find('.') == std::string::npos ? "globals" : "class_attrs";
  if (!facts.contains(table) || !facts[table].is_object() || !facts[table].contains(name)) return nullptr;
  return &facts[table][name];
}

// A list of lines of a name's entry ("read_lines", "runtime_lines").
std::vector<int> fact_lines(const json* f, const char* key) {
  std::vector<int> out;
  if (!f || !f->is_object() || !f->contains(key) || !(*f)[key].is_array()) return out;
  for (const auto& l : (*f)[key])
    if (l.is_number_integer()) out.push_back(l.get<int>());
  return out;
}

struct StateDifference {
  std::string name, parent_repr, child_repr;  // child_repr empty: not defined in the child
  size_t children = 0;
};

// Names whose fingerprint in a spawn or forkserver child differs from the parent's
// when it started that child. Only names a function of the program reads count,
// when the source says which: what no child code reads cannot change its output.
std::vector<StateDifference> state_differences(const CauseInput& in) {
  std::map<int, const json*> parent_at_start;  // child pid -> the parent's state then
  const json parents = events_of(in.cell, "parent_state");
  for (const auto& p : parents) parent_at_start[p.value("child", 0)] = &p;
  std::vector<StateDifference> out;
  for (const auto& child : events_of(in.cell, "child_state")) {
    auto it = parent_at_start.find(child.value("pid", 0));
    if (it == parent_at_start.end()) continue;
    const json theirs = it->second->value("names", json::object());
    const json mine = child.value("names", json::object());
    if (!theirs.is_object() || !mine.is_object()) continue;
    for (const auto& [name, value] : theirs.items()) {
      const json* f = name_facts(in.facts, name);
      if (!in.facts.empty() && fact_lines(f, "read_lines").empty()) continue;
      const bool here = mine.contains(name);
      if (here && mine[name][0] == value[0]) continue;
      auto same = std::find_if(out.begin(), out.end(), [&, n = name](const StateDifference& d) { return d.name == n; });
      if (same != out.end()) {
        ++same->children;
        continue;
      }
      out.push_back({name, value[1].get<std::string>(), here ? mine[name][1].get<std::string>() : "", 1});
    }
  }
  // Names the program sets at run time first, in the order it sets them: those
  // are the ones it meant to pass.
  auto first_set = [&](const std::string& n) {
    const std::vector<int> at = fact_lines(name_facts(in.facts, n), "runtime_lines");
    return at.empty() ? INT32_MAX : at.front();
  };
  std::stable_sort(out.begin(), out.end(), [&](const StateDifference& a, const StateDifference& b) {
    return first_set(a.name) < first_set(b.name);
  });
  return out;
}

std::optional<OutputCause> state_set_at_run_time(const CauseInput& in) {
  const std::vector<StateDifference> diffs = state_differences(in);
  if (diffs.empty()) return std::nullopt;
  const StateDifference& d = diffs.front();
  OutputCause c;
  const json* f = name_facts(in.facts, d.name);
  const std::vector<int> set_at = fact_lines(f, "runtime_lines");
  const int set_line = set_at.empty() ? 0 : set_at.front();
  const int import_line = f ? f->value("import_line", 0) : 0;
  const std::string children =
      d.children == 1 ? "the " + method_of(in.cell) + " child" : std::to_string(d.children) + " " + method_of(in.cell) + " children";
  c.sentence = quoted(d.name) + " is " + d.parent_repr + " in the parent when it started " +
               (d.children == 1 ? "the child" : "them") +
               (set_line ? " (set at " + place_str(in.at(set_line)) + ")" : "") + " but ";
  if (d.child_repr.empty())
    c.sentence += "not defined in " + children + " (it is assigned only at run time)";
  else
    c.sentence += d.child_repr + " in " + children +
                  (import_line ? " (its import-time value, " + place_str(in.at(import_line)) + ")" : "");
  c.sentence += ": a child that imports the main module again sees only import-time values";
  std::string others;
  for (size_t i = 1; i < diffs.size() && i < 4; ++i) others += (others.empty() ? "" : ", ") + quoted(diffs[i].name);
  if (diffs.size() > 4) others += ", ...";
  if (!others.empty()) c.sentence += " (so do " + others + ")";
  if (set_line) c.lines.push_back(in.at(set_line));
  if (import_line) c.lines.push_back(in.at(import_line));
  return c;
}

// Output lines the cell gained over the baseline, by stream, as multisets.
std::map<std::string, std::map<std::string, int>> gained_lines(const CauseInput& in) {
  std::map<std::string, std::map<std::string, int>> out;
  if (!in.baseline) return out;
  const OutputDifference diff = output_difference(*in.baseline, in.cell);
  for (const auto& l : diff.stdout_extra) ++out["stdout"][l];
  for (const auto& l : diff.stderr_extra) ++out["stderr"][l];
  return out;
}

std::optional<OutputCause> module_level_code_ran_again(const CauseInput& in) {
  struct Written {
    std::string file, text;
    int line;
    size_t times;
  };
  std::vector<Written> written;
  auto gained = gained_lines(in);
  for (const auto& ev : events_of(in.cell, "module_level_output")) {
    for (const auto& l : objects_at(ev, "lines")) {
      const std::string stream = l.value("stream", ""), text = l.value("text", "");
      // Against a baseline, only what the cell printed more than it counts.
      if (in.baseline && gained[stream][text] <= 0) continue;
      if (in.baseline) --gained[stream][text];
      const std::string file = relative_to(in.cwd, l.value("file", ""));
      const int line = l.value("line", 0);
      auto same = std::find_if(written.begin(), written.end(),
                               [&](const Written& w) { return w.file == file && w.line == line && w.text == text; });
      if (same != written.end()) ++same->times;
      else written.push_back({file, text, line, 1});
    }
  }
  if (written.empty()) return std::nullopt;
  const Written& w = written.front();
  OutputCause c;
  c.sentence = "module-level code ran again in each child that imported the main module: " +
               (w.line ? w.file + ":" + std::to_string(w.line) + " wrote '" : "it wrote '") + w.text + "' (" +
               (w.times == 1 ? "once more" : std::to_string(w.times) + " more times") + ")";
  if (written.size() > 1) c.sentence += ", and " + plural(written.size() - 1, "other line", "other lines");
  for (const Written& x : written)
    if (x.line && c.lines.size() < 5) c.lines.push_back({x.file, x.line});
  return c;
}

// Records children logged that reached no handler (each process's last count),
// and the first of them (null without one).
struct UnhandledLogs {
  size_t records = 0;
  json first;
};

UnhandledLogs unhandled_logs(const json& cell) {
  std::map<int, size_t> per_pid;
  UnhandledLogs out;
  for (const char* kind : {"unhandled_log", "unhandled_log_count"})
    for (const auto& ev : events_of(cell, kind)) {
      size_t& n = per_pid[ev.value("pid", 0)];
      n = std::max(n, static_cast<size_t>(ev.value("count", 0)));
      if (out.first.is_null() && kind == std::string("unhandled_log")) out.first = ev;
    }
  for (const auto& [pid, n] : per_pid) out.records += n;
  return out;
}

std::optional<OutputCause> logging_only_in_parent(const CauseInput& in) {
  const UnhandledLogs logs = unhandled_logs(in.cell);
  const size_t records = logs.records;
  if (records == 0 || (in.baseline && unhandled_logs(*in.baseline).records >= records)) return std::nullopt;
  // The configuration a child that imports the main module again does not run:
  // under the main guard or in a function.
  std::optional<json> config;
  for (const auto& l : objects_at(in.facts, "logging"))
    if (!config && (l.value("in_main_guard", false) || l.value("in_function", false))) config = l;
  OutputCause c;
  c.sentence = plural(records, "record", "records") + " logged in children reached no handler (";
  if (config) {
    const SourcePlace at = in.at(config->value("line", 0));
    c.sentence += "logging is configured only in the parent, at " + place_str(at) + " " +
                  quoted(config->value("call", std::string())) + ")";
    c.lines.push_back(at);
  } else {
    c.sentence += "no handler is set up in the children)";
  }
  c.sentence += ": lost, or printed bare by logging's last resort";
  if (const json& first = logs.first; first.is_object()) {
    c.sentence += "; the first: " + first.value("level", std::string()) + " '" + first.value("message", std::string()) + "'";
    const SourcePlace logged{relative_to(in.cwd, first.value("file", std::string())), first.value("line", 0)};
    if (logged.line) {
      c.sentence += " at " + place_str(logged);
      c.lines.push_back(logged);
    }
  }
  return c;
}

// The largest group of children that started with one random state of `which`
// ("numpy", "random"): its size.
size_t largest_shared_group(const json& cell, const char* which) {
  std::map<std::string, size_t> by_state;
  for (const auto& ev : events_of(cell, "child_random"))
    if (ev.contains(which) && ev[which].is_string()) ++by_state[ev[which].get<std::string>()];
  size_t most = 0;
  for (const auto& [state, n] : by_state) most = std::max(most, n);
  return most;
}

std::optional<OutputCause> random_state_shared(const CauseInput& in) {
  struct Generator {
    const char* key;
    const char* name;
    std::vector<std::string> seeds;  // the calls in source_facts that seed it
  };
  const Generator generators[] = {{"numpy", "NumPy global random state", {"np.random.seed", "numpy.random.seed"}},
                                  {"random", "`random` module state", {"random.seed"}}};
  for (const Generator& g : generators) {
    const size_t n = largest_shared_group(in.cell, g.key);
    if (n < 2) continue;
    OutputCause c;
    c.sentence = std::to_string(n) + " " + method_of(in.cell) + " children started with the same " + g.name;
    std::optional<json> seed;
    for (const auto& s : objects_at(in.facts, "seeds"))
      if (!seed && std::find(g.seeds.begin(), g.seeds.end(), s.value("seeds", std::string())) != g.seeds.end())
        seed = s;
    // Every forked child shares NumPy's global state (and, before 3.7, `random`'s),
    // whether or not it draws from it: only a program that seeds a global generator
    // or draws from one (np.random.rand(), random.randint()) relies on it.
    bool draws = false;
    for (const auto& d : objects_at(in.facts, "draws")) draws = draws || d.value("draws", std::string()) == g.key;
    if (!seed && !draws) continue;
    if (seed) {
      const SourcePlace at = in.at(seed->value("line", 0));
      c.sentence += ", seeded at " + place_str(at) + " " + quoted(seed->value("call", std::string()));
      c.lines.push_back(at);
    } else {
      c.sentence += " (the parent's, copied into each)";
    }
    c.sentence += ": they draw the same numbers";
    c.kind = g.key;  // the rule's entry picks the remedy by it
    return c;
  }
  return std::nullopt;
}

// --- the table --------------------------------------------------------------------

struct CauseRule {
  const char* kind;
  const char* reads;  // the evidence, for readers of this table
  std::optional<OutputCause> (*find)(const CauseInput&);
  const char* remedy;
};

const CauseRule kRules[] = {
    {"state_set_at_run_time",
     "parent_state (the parent's globals and class attributes at each start) against child_state (a spawn or "
     "forkserver child's, after it imported the main module); source_facts for the lines",
     state_set_at_run_time, "pass it to the child as an argument, or set it in the Pool's initializer"},
    {"module_level_code_ran_again",
     "module_level_output (what the main file wrote while a child imported it), matched against the lines the "
     "cell gained over the baseline",
     module_level_code_ran_again, "move it under `if __name__ == \"__main__\":`"},
    {"logging_only_in_parent",
     "unhandled_log (records a child logged that no handler took); source_facts for the configuration line",
     logging_only_in_parent,
     "configure logging in the child too (in the Pool's initializer or at the start of the target), or send the "
     "children's records to the parent with a logging.handlers.QueueHandler and a QueueListener"},
    {"random_state_shared",
     "child_random (each child's random and NumPy global state at the start of its target); source_facts for "
     "the seeding line",
     random_state_shared,
     "seed each worker differently: np.random.default_rng(seed + worker id) in the target, np.random.seed(...) "
     "with a per-worker value in the Pool's initializer, or one generator per worker from "
     "numpy.random.SeedSequence(seed).spawn(n)"},
};

const char* kRandomModuleRemedy =
    "seed `random` in each child with a per-worker value (random.seed(seed + worker id)) or use one "
    "random.Random(seed + worker id) per worker; Python reseeds `random` at fork only from 3.7";

OutputCause filled(const CauseRule& rule, OutputCause c) {
  c.remedy = c.kind == "random" ? kRandomModuleRemedy : rule.remedy;
  c.kind = rule.kind;
  return c;
}

// A rule's cause, if its evidence shows one. Events of an unexpected shape (a
// program can write to the channel too) make the rule find nothing.
std::optional<OutputCause> found(const CauseRule& rule, const CauseInput& in) {
  try {
    if (auto c = rule.find(in)) return filled(rule, *c);
  } catch (const json::exception&) {
  }
  return std::nullopt;
}

std::vector<std::string> lines_of(const json& cell, const char* stream) {
  const json text = cell.value(json::json_pointer(std::string("/evidence/") + stream + "/text"), json(""));
  std::vector<std::string> out;
  std::istringstream in(text.is_string() ? text.get<std::string>() : "");
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// The lines of a stream with every number replaced by '#', sorted: equal when two
// runs printed the same things with other numbers.
std::vector<std::string> shapes(const json& cell, const char* stream) {
  static const std::regex number("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
  std::vector<std::string> out;
  for (const auto& l : lines_of(cell, stream)) out.push_back(std::regex_replace(l, number, "#"));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<OutputCause> output_causes(const json& cell, const json* baseline, const std::string& cwd) {
  const CauseInput in{cell, baseline, cwd, source_facts(cell)};
  std::vector<OutputCause> out;
  for (const CauseRule& rule : kRules)
    if (auto c = found(rule, in)) out.push_back(*c);
  return out;
}

std::vector<OutputCause> cell_hazards(const json& cell, const std::string& cwd) {
  const CauseInput in{cell, nullptr, cwd, source_facts(cell)};
  std::vector<OutputCause> out;
  for (const CauseRule& rule : kRules)
    if (rule.find == random_state_shared)
      if (auto c = found(rule, in)) out.push_back(*c);
  // A fork made while other threads ran, whether or not a child paid for it
  // (race_evidence.h): a lock one of them held at that instant stays held in the child.
  const json beside = cell.value("/evidence/forked_beside_threads"_json_pointer, json(nullptr));
  if (beside.is_string()) {
    // The fork's line, where results.json has it (a CI annotation points there).
    const json at = cell.value("/evidence/forked_beside_threads_at"_json_pointer, json(nullptr));
    std::vector<SourcePlace> lines;
    if (at.is_object() && at.value("line", 0) > 0)
      lines.push_back({relative_to(cwd, at.value("file", std::string())), at.value("line", 0)});
    out.push_back({"forked_beside_threads",
                   "forked " + beside.get<std::string>() +
                       ": a lock such a thread held at that instant (a stream's, logging's, a queue's, the import "
                       "lock) stays held for ever in the child",
                   lines,
                   "start the processes before the threads, or use the spawn or forkserver start method"});
  }
  return out;
}

const OutputCause* cause_of_failure(const std::vector<OutputCause>& causes, const std::string& outcome) {
  if (outcome.rfind("exception:", 0) != 0 && outcome.rfind("exit:", 0) != 0) return nullptr;
  for (const OutputCause& c : causes)
    if (c.kind == "state_set_at_run_time") return &c;
  return nullptr;
}

bool differs_only_in_random_draws(const json& baseline, const json& cell) {
  if (cell.value("outcome", "") != baseline.value("outcome", "") ||
      cell.value("/evidence/exit_code"_json_pointer, json(nullptr)) !=
          baseline.value("/evidence/exit_code"_json_pointer, json(nullptr)))
    return false;
  const bool shared_here = largest_shared_group(cell, "numpy") > 1 || largest_shared_group(cell, "random") > 1;
  const bool shared_there =
      largest_shared_group(baseline, "numpy") > 1 || largest_shared_group(baseline, "random") > 1;
  if (shared_here == shared_there) return false;
  for (const char* stream : {"stdout", "stderr"})
    if (shapes(cell, stream) != shapes(baseline, stream)) return false;
  return true;
}

json causes_json(const std::vector<OutputCause>& causes) {
  json out = json::array();
  for (const OutputCause& c : causes) {
    json lines = json::array();
    for (const SourcePlace& p : c.lines) lines.push_back({{"file", p.file}, {"line", p.line}});
    out.push_back({{"kind", c.kind}, {"sentence", c.sentence}, {"lines", lines}, {"remedy", c.remedy}});
  }
  return out;
}

json events_of(const json& cell, const char* kind) {
  json out = json::array();
  const json all = cell.value("/evidence/check_events"_json_pointer, json::array());
  if (!all.is_array()) return out;
  for (const auto& ev : all)
    if (ev.is_object() && ev.value("event", "") == kind) out.push_back(ev);
  return out;
}

}  // namespace mpc
