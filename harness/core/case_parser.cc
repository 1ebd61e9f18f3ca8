#include "case_parser.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cell_limits.h"

namespace mpc {
namespace {

constexpr const char* kFence = "# ---";

// Raised while reading; carries a line within the YAML text (0-based).
struct MetaError {
  int yaml_line;
  std::string message;
};

[[noreturn]] void fail(const YAML::Node& at, const std::string& message) {
  throw MetaError{at.Mark().is_null() ? -1 : at.Mark().line, message};
}

std::string rstrip(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// Finds the fenced block at the top of the file. Returns the YAML text and the
// 1-based line number of the opening fence, or throws CaseError.
std::pair<std::string, int> extract_block(const std::string& text, const std::string& path) {
  std::istringstream in(text);
  std::string line, yaml;
  int number = 0, open_line = 0;
  while (std::getline(in, line)) {
    ++number;
    line = rstrip(line);
    if (open_line == 0) {
      if (line.empty() || (number == 1 && line.rfind("#!", 0) == 0)) continue;
      if (line == kFence) {
        open_line = number;
        continue;
      }
      throw CaseError{path, number,
                      "expected the metadata block ('# ---' then YAML comment lines, then "
                      "'# ---') at the top of the case"};
    }
    if (line == kFence) return {yaml, open_line};
    if (line.empty() || line[0] != '#')
      throw CaseError{path, number,
                      "metadata block opened at line " + std::to_string(open_line) +
                          " is not closed: every line up to the closing '# ---' starts with '#'"};
    yaml += (line.size() > 1 && line[1] == ' ') ? line.substr(2) : line.substr(1);
    yaml += '\n';
  }
  throw CaseError{path, open_line ? open_line : 1,
                  open_line ? "metadata block is not closed by '# ---'"
                            : "the file has no metadata block"};
}

std::string scalar(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) fail(node, "'" + key + "' must be a single value");
  return node.as<std::string>();
}

std::string required_text(const YAML::Node& meta, const std::string& key) {
  const YAML::Node node = meta[key];
  if (!node) throw MetaError{0, "missing required key '" + key + "'"};
  std::string value = scalar(node, key);
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
  if (value.empty()) fail(node, "'" + key + "' is empty");
  return value;
}

Outcome outcome_of(const YAML::Node& node) {
  const std::string text = scalar(node, "outcome");
  auto outcome = Outcome::Parse(text);
  if (!outcome)
    fail(node, "unknown outcome '" + text +
                   "' (one of ok, pickling-error, bootstrap-error, exception:<Type>, deadlock, "
                   "timeout, limit:<processes|memory|output>, crash:<SIGNAL>, exit:<code>, unsupported, "
                   "harness-error)");
  return *outcome;
}

std::vector<Outcome> outcomes_of(const YAML::Node& node) {
  std::vector<Outcome> out;
  if (node.IsSequence()) {
    for (const auto& item : node) out.push_back(outcome_of(item));
    if (out.empty()) fail(node, "an empty list of outcomes allows nothing");
  } else {
    out.push_back(outcome_of(node));
  }
  return out;
}

ExpectedObservations observations_of(const YAML::Node& node) {
  if (!node.IsMap()) fail(node, "'observations' must map a key to a value or a list of values");
  ExpectedObservations out;
  for (const auto& kv : node) {
    const std::string key = scalar(kv.first, "observation");
    std::vector<std::string>& values = out[key];
    if (kv.second.IsSequence()) {
      for (const auto& v : kv.second) values.push_back(scalar(v, key));
    } else {
      values.push_back(scalar(kv.second, key));
    }
    if (values.empty()) fail(kv.second, "observation '" + key + "' allows no value");
  }
  return out;
}

ExpectRule rule_of(const YAML::Node& node, bool conditions_allowed) {
  ExpectRule rule;
  if (!node.IsMap()) {
    rule.expected.outcomes = outcomes_of(node);
    return rule;
  }
  bool has_outcome = false;
  for (const auto& kv : node) {
    const std::string key = scalar(kv.first, "key");
    if (key == "outcome") {
      rule.expected.outcomes = outcomes_of(kv.second);
      has_outcome = true;
    } else if (key == "observations") {
      rule.expected.observations = observations_of(kv.second);
    } else if (key == "if" && conditions_allowed) {
      try {
        rule.when = Condition::Parse(scalar(kv.second, "if"));
      } catch (const ConditionError& e) {
        fail(kv.second, std::string("bad condition: ") + e.what());
      }
    } else if (key != "note") {
      fail(kv.first, "unknown key '" + key + "' in an expectation (outcome, observations, " +
                         (conditions_allowed ? "if, " : "") + "note)");
    }
  }
  if (!has_outcome) fail(node, "an expectation needs an 'outcome'");
  return rule;
}

MethodExpectation method_expectation_of(const YAML::Node& node) {
  MethodExpectation m;
  // A list of mappings is a list of rules; a list of scalars is a set of outcomes.
  if (node.IsSequence() && node.size() > 0 && node[0].IsMap()) {
    for (const auto& item : node) {
      if (!item.IsMap()) fail(item, "mix of rules and outcomes: write every rule as a mapping");
      m.rules.push_back(rule_of(item, true));
    }
  } else {
    m.rules.push_back(rule_of(node, false));
  }
  return m;
}

// `expect` and `documented`: start method (or "all") -> expectation.
std::map<std::string, MethodExpectation> by_method_of(const YAML::Node& node, const std::string& key) {
  if (!node.IsMap()) fail(node, "'" + key + "' must map start methods to expectations");
  std::map<std::string, MethodExpectation> out;
  for (const auto& kv : node) {
    const std::string method = scalar(kv.first, "method");
    bool known = method == "all";
    for (const auto& m : all_methods()) known = known || m == method;
    if (!known)
      fail(kv.first, "unknown start method '" + method + "' (fork, spawn, forkserver, default, all)");
    out[method] = method_expectation_of(kv.second);
  }
  return out;
}

// `requires`: a list of module names (`torch`), or mappings naming what kind of
// thing is needed (`{module: grpc}`, `{library: openblas-openmp/libblas.so.3}`).
Requirement requirement_of(const YAML::Node& node) {
  Requirement r{"module", ""};
  if (node.IsMap()) {
    if (node.size() != 1) fail(node, "a requirement names one thing: {module: NAME} or {library: PATH}");
    const auto kv = *node.begin();
    r.kind = scalar(kv.first, "requirement");
    if (r.kind != "module" && r.kind != "library")
      fail(kv.first, "unknown requirement '" + r.kind + "' (module, library)");
    r.name = scalar(kv.second, r.kind);
  } else {
    r.name = scalar(node, "requirement");
  }
  if (r.name.empty()) fail(node, "a requirement needs a name");
  const bool module = r.kind == "module";
  for (char ch : r.name) {
    const bool ok = std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.' ||
                    (!module && (ch == '/' || ch == '-' || ch == '+'));
    if (!ok)
      fail(node, module ? "module name '" + r.name + "' is not a dotted Python name"
                        : "library path '" + r.name + "' holds a character other than letters, "
                          "digits and _ . / - +");
  }
  if (!module && r.name.find("..") != std::string::npos)
    fail(node, "library path '" + r.name + "' must not climb out with '..'");
  return r;
}

std::vector<Requirement> requirements_of(const YAML::Node& node) {
  if (!node.IsSequence()) fail(node, "'requires' must be a list such as [torch, {module: grpc}]");
  std::vector<Requirement> out;
  for (const auto& item : node) out.push_back(requirement_of(item));
  return out;
}

Case case_of(const YAML::Node& meta, const std::string& path) {
  if (!meta.IsMap()) throw MetaError{0, "the metadata block must be a YAML mapping"};
  static const std::set<std::string> kKnown = {"id",   "title", "source", "claim", "expect",
                                               "documented", "limits", "tags", "notes",
                                               "requires"};
  for (const auto& kv : meta) {
    const std::string key = scalar(kv.first, "key");
    if (!kKnown.count(key))
      fail(kv.first, "unknown key '" + key +
                         "' (id, title, source, claim, expect, documented, limits, tags, notes, "
                         "requires)");
  }
  Case c;
  c.file = path;
  c.id = required_text(meta, "id");
  const std::string stem = std::filesystem::path(path).stem().string();
  if (c.id != stem) fail(meta["id"], "id '" + c.id + "' must equal the file name '" + stem + "'");
  c.title = required_text(meta, "title");
  c.source = required_text(meta, "source");
  c.claim = required_text(meta, "claim");
  if (meta["notes"]) c.notes = scalar(meta["notes"], "notes");

  const YAML::Node expect = meta["expect"];
  if (!expect) throw MetaError{0, "missing required key 'expect'"};
  c.expect = by_method_of(expect, "expect");
  if (const YAML::Node documented = meta["documented"]) c.documented = by_method_of(documented, "documented");

  if (const YAML::Node limits = meta["limits"]) {
    if (!limits.IsMap()) fail(limits, "'limits' must be a mapping such as {timeout: 20, processes: 100}");
    for (const auto& kv : limits) {
      const std::string key = scalar(kv.first, "limit");
      if (!kv.second.IsScalar()) fail(kv.second, "limit '" + key + "' must be a single value");
      const std::string problem = set_limit(c.limits, key, kv.second.Scalar());
      // A bad value is pointed at; an unknown name, at the name.
      const bool unknown = problem.rfind("unknown limit", 0) == 0;
      if (!problem.empty()) fail(unknown ? kv.first : kv.second, problem);
    }
    if (c.limits.timeout_s) c.timeout_s = *c.limits.timeout_s;
  }
  if (const YAML::Node tags = meta["tags"]) {
    if (!tags.IsSequence()) fail(tags, "'tags' must be a list such as [pickling, fork]");
    for (const auto& t : tags) c.tags.push_back(scalar(t, "tag"));
  }
  if (const YAML::Node requires_node = meta["requires"]) c.requirements = requirements_of(requires_node);
  return c;
}

}  // namespace

ParsedCase parse_case_text(const std::string& text, const std::string& path) {
  try {
    auto [yaml, open_line] = extract_block(text, path);
    const int first_yaml_line = open_line + 1;
    try {
      return case_of(YAML::Load(yaml), path);
    } catch (const MetaError& e) {
      return CaseError{path, e.yaml_line < 0 ? open_line : first_yaml_line + e.yaml_line,
                       e.message};
    } catch (const YAML::DeepRecursion& e) {  // its own message is "bad file"
      return CaseError{path, e.mark.is_null() ? open_line : first_yaml_line + e.mark.line,
                       "YAML: nested more than " + std::to_string(e.depth()) + " deep"};
    } catch (const YAML::Exception& e) {
      return CaseError{path, e.mark.is_null() ? open_line : first_yaml_line + e.mark.line,
                       "YAML: " + e.msg};
    }
  } catch (const CaseError& e) {
    return e;
  }
}

ParsedCase parse_case_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return CaseError{path, 0, "cannot read the file"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_case_text(text.str(), path);
}

}  // namespace mpc
