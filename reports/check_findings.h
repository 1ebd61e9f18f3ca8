// What `check` found, read from check.json (check-schema.md) for tools that point
// at lines of the user's code: one finding per distinct cause at one line, breaks
// first in plan order, then hazards. GitHub annotations (github_annotations.h)
// and SARIF (sarif.h) are both made from this list, so they say the same things.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mpc {

// A line of the program: `file` relative to the root the findings were made for,
// "" where check.json names no line there (or one outside the root).
struct FindingPlace {
  std::string file;
  int line = 0;  // 0: the file as a whole
  std::string what;  // "defined here", "sent by Process.start", ...
};

enum class FindingLevel { kBreak, kHazard };

struct Finding {
  FindingLevel level = FindingLevel::kBreak;
  std::string rule;     // a FindingRule id: check.json's cause kinds, and the kinds of break below
  std::string message;  // check.json's cause (or hazard) sentence
  std::string remedy;   // "" when check.json has none
  FindingPlace where;
  std::vector<FindingPlace> related;   // the call that sent it, the import-time line, ...
  std::vector<std::string> cells;      // "3.11.2 spawn", every cell it was found in
  std::vector<std::string> default_on;  // where those cells' methods are the default
};

// One kind of finding: its id (check.json's kind), its number for tools that want
// opaque rule ids (SARIF's "MPC1001": never reused once published), a short
// title, and what it means and how to fix it in general (the finding's own
// remedy is the specific one).
struct FindingRule {
  const char* id;
  const char* number;
  const char* title;
  const char* help;
};

// Every kind `check` can report, in one table (check_findings.cc).
const std::vector<FindingRule>& finding_rules();
const FindingRule& finding_rule(const std::string& id);  // an unknown id gets the generic "failure"

// `root`: the folder the findings' files are made relative to (a CI workspace);
// "" for check.json's own `cwd`.
std::vector<Finding> check_findings(const nlohmann::json& check, const std::string& root = "");

// `file` as check.json writes it (relative to `cwd`, or absolute) made relative
// to `root`; "" when it lies outside `root`. Lexical: no file is read.
std::string path_under_root(const std::string& file, const std::string& cwd, const std::string& root);

}  // namespace mpc
