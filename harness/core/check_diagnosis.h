// Why a `check` cell broke, read from its evidence (a results.json cell), never
// from message text: for a pickling-error, the object that could not be pickled
// and the call that sent it (the runner's check hooks report both); for a
// bootstrap-error, the module-level line that started a process while a child
// imported the main module again (from the child's traceback frames). Each comes
// with the remedy people apply.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mpc {

struct SourcePlace {
  std::string file;
  int line = 0;
};

// The object pickling refused, as Python names it ("fn.<locals>.producer").
struct Culprit {
  std::string name, kind;  // kind: "local function", "lambda", "nested class", "lock"...
  SourcePlace defined;     // line 0 when Python does not know it (an open file)
  std::string path;        // where it sat in what was pickled ("Process._target")
};

// The program's call that made multiprocessing pickle it ("Process.start").
struct SentBy {
  std::string call;
  SourcePlace at;
};

// Where the program picks its own start method (set_start_method, get_context).
struct MethodChoice {
  std::string call, method;
  SourcePlace at;
};

struct Diagnosis {
  std::string cause;  // one sentence for people
  std::optional<Culprit> culprit;
  std::optional<SentBy> sent_by;
  std::optional<SourcePlace> module_level_line;  // bootstrap-error: where the guard goes
  std::string remedy;
};

// The remedy for an object of this kind that could not be pickled; `name` is its
// Python name, used in the sentence.
std::string pickling_remedy(const std::string& kind, const std::string& name);
std::string bootstrap_remedy();

// Where a start method is the default, in the words users think in:
// fork {"Linux < 3.14"}, spawn {"macOS >= 3.8", "Windows"}, forkserver {"Linux >= 3.14"}.
std::vector<std::string> default_on(const std::string& method);

// The first pickling failure the cell's check hooks reported, with the call that
// sent it (from the failure's own stack, else from the main process's failed call).
std::optional<std::pair<Culprit, std::optional<SentBy>>> pickling_culprit(const nlohmann::json& cell);

// The module-level line of the main program on the stack of a child's bootstrap
// RuntimeError (spawn's _check_not_importing_main), or of the main process's own.
std::optional<SourcePlace> bootstrap_line(const nlohmann::json& cell);

// The outcome every cell (unsupported ones aside) ended in, when they all failed
// the same way before the program reached multiprocessing (a syntax error, a
// missing import): one failure, not a break per method.
std::optional<std::string> same_failure_before_multiprocessing(const nlohmann::json& cells);

// Every distinct place the program chose its method, in the order first seen.
std::vector<MethodChoice> method_choices(const nlohmann::json& cell);

// The diagnosis of a cell whose outcome is not ok: by its outcome, from its evidence.
// Files under `cwd` (where the program ran) are named relative to it, as the user
// named the program; others keep the path Python gave.
Diagnosis diagnose(const nlohmann::json& cell, const std::string& cwd = "");

// `path` relative to `cwd` when it lies under it, else `path`.
std::string relative_to(const std::string& cwd, const std::string& path);

}  // namespace mpc
