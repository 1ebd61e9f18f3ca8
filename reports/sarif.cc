#include "sarif.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

#include "digest.h"
#include "internal/printable.h"

using nlohmann::ordered_json;
using mpconform::reports::printable_text;

namespace mpc {
namespace {

const char* kSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// "state_set_at_run_time" -> "StateSetAtRunTime": SARIF's rule name is an identifier.
std::string rule_name(const std::string& id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '_') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}

const char* level_of(FindingLevel level) { return level == FindingLevel::kBreak ? "error" : "warning"; }

// Stable across builds and machines (digest.h), unlike std::hash.
std::string fingerprint(const Finding& f) {
  std::string key = f.rule + "\n" + f.where.file + "\n";
  // Digits aside, so a finding keeps its fingerprint when lines above it move.
  for (char c : f.message)
    if (!std::isdigit(static_cast<unsigned char>(c))) key += c;
  return digest(key);
}

ordered_json physical(const FindingPlace& p) {
  ordered_json loc = {{"artifactLocation", {{"uri", uri_path(p.file)}, {"uriBaseId", "%SRCROOT%"}}}};
  if (p.line > 0) loc["region"] = {{"startLine", p.line}};
  return loc;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

ordered_json result(const Finding& f, int rule_index, const std::string& program) {
  const FindingRule& rule = finding_rule(f.rule);  // an unknown kind is the generic "failure"
  std::string text = f.message + " (in " + joined(f.cells) + ")";
  if (!f.remedy.empty()) text += ". Remedy: " + f.remedy;
  ordered_json r = {{"ruleId", rule.number},
                    {"ruleIndex", rule_index},
                    {"level", level_of(f.level)},
                    {"message", {{"text", printable_text(text)}}}};
  if (!f.where.file.empty()) r["locations"] = ordered_json::array({{{"physicalLocation", physical(f.where)}}});
  else if (!program.empty())
    r["locations"] = ordered_json::array({{{"physicalLocation", physical({program, 0, "the program"})}}});
  if (!f.related.empty()) {
    ordered_json related = ordered_json::array();
    for (size_t i = 0; i < f.related.size(); ++i)
      related.push_back({{"id", static_cast<int>(i) + 1},
                         {"physicalLocation", physical(f.related[i])},
                         {"message", {{"text", printable_text(f.related[i].what)}}}});
    r["relatedLocations"] = related;
  }
  r["partialFingerprints"] = {{"mpconformFinding/v1", fingerprint(f)}};
  r["properties"] = {{"cells", f.cells}, {"defaultOn", f.default_on}};
  return r;
}

}  // namespace

std::string uri_path(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

ordered_json render_sarif(const std::vector<Finding>& findings, const SarifTool& tool, const std::string& root,
                          const std::string& program) {
  ordered_json rules = ordered_json::array();
  const auto& table = finding_rules();
  for (const FindingRule& rule : table) {
    const bool hazard = std::string(rule.id) == "forked_beside_threads" || std::string(rule.id) == "random_state_shared";
    rules.push_back({{"id", rule.number},
                     {"name", rule_name(rule.id)},
                     {"shortDescription", {{"text", rule.title}}},
                     {"fullDescription", {{"text", rule.help}}},
                     {"help", {{"text", rule.help}}},
                     {"helpUri", tool.information_uri + "#what-check-reports-in-ci"},
                     {"defaultConfiguration", {{"level", hazard ? "warning" : "error"}}}});
  }
  ordered_json results = ordered_json::array();
  for (const Finding& f : findings) {
    int index = 0;
    for (size_t i = 0; i < table.size(); ++i)
      if (finding_rule(f.rule).id == std::string(table[i].id)) index = static_cast<int>(i);
    results.push_back(result(f, index, program));
  }
  std::string base = uri_path(root);
  if (base.empty() || base.back() != '/') base += '/';
  ordered_json driver = {{"name", "mpconform"},
                         {"version", tool.version},
                         {"semanticVersion", tool.version},
                         {"informationUri", tool.information_uri},
                         {"rules", rules}};
  return {{"$schema", kSchema},
          {"version", "2.1.0"},
          {"runs", ordered_json::array({{{"tool", {{"driver", driver}}},
                                         {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", "file://" + base}}}}},
                                         {"results", results}}})}};
}

}  // namespace mpc
