#include "claims_report.h"

#include <map>
#include <vector>

#include "internal/markdown_escape.h"

namespace {

using nlohmann::json;

struct ClaimCells {
  std::vector<const json*> holds, fails;
};

std::string cell_name(const json& c) {
  std::string s = c.value("method", "") + " " + c.value("python", json::object()).value("version", "");
  if (c.value("exe_mode", "python") != "python") s += " (" + c.value("exe_mode", "") + ")";
  return s;
}

std::string what_happened(const json& c) {
  std::string s = c.value("outcome", "");
  const json obs = c.value("observations", json::object());
  for (auto it = obs.begin(); it != obs.end(); ++it)
    s += " " + it.key() + "=" + (it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
  return s;
}

std::string what_was_claimed(const json& c) {
  const json d = c.value("documented", json::object());
  std::string s;
  for (const auto& o : d.value("outcomes", json::array())) s += (s.empty() ? "" : " or ") + o.get<std::string>();
  const json obs = d.value("observations", json::object());
  for (auto it = obs.begin(); it != obs.end(); ++it) {
    std::string vals;
    for (const auto& v : it.value()) vals += (vals.empty() ? "" : "|") + v.get<std::string>();
    s += " " + it.key() + "=" + vals;
  }
  return s;
}

// Cases in document order, with the cells that carry a verdict on their claim.
std::vector<std::pair<std::string, ClaimCells>> claims_of(const json& doc) {
  std::vector<std::pair<std::string, ClaimCells>> out;
  std::map<std::string, size_t> index;
  // By reference into the document: the pointers kept below must outlive the loop.
  static const json kNone = json::array();
  const json& all = doc.contains("cells") && doc["cells"].is_array() ? doc["cells"] : kNone;
  for (const auto& c : all) {
    if (!c.contains("claim_holds") || !c["claim_holds"].is_boolean()) continue;
    const std::string id = c.value("case", "");
    if (!index.count(id)) {
      index[id] = out.size();
      out.push_back({id, {}});
    }
    auto& cells = out[index[id]].second;
    (c["claim_holds"].get<bool>() ? cells.holds : cells.fails).push_back(&c);
  }
  return out;
}

}  // namespace

std::string render_claims_terminal(const json& doc) {
  const json cases = doc.value("cases", json::object());
  auto claims = claims_of(doc);
  if (claims.empty()) return "No case in this document states a checkable claim (`documented`).\n";
  std::string out;
  size_t folklore = 0;
  for (const auto& [id, cells] : claims) {
    const json kase = cases.value(id, json::object());
    const bool holds = cells.fails.empty();
    folklore += !holds;
    out += std::string(holds ? "HOLDS     " : "DOES NOT  ") + id + "  (" + kase.value("source", "") + ")\n";
    out += "    claim: " + kase.value("claim", "") + "\n";
    out += "    holds in " + std::to_string(cells.holds.size()) + " cells, not in " +
           std::to_string(cells.fails.size()) + "\n";
    for (const json* c : cells.fails)
      out += "      not in " + cell_name(*c) + ": claimed " + what_was_claimed(*c) + ", saw " + what_happened(*c) + "\n";
  }
  out += std::to_string(claims.size()) + " claims checked: " + std::to_string(claims.size() - folklore) +
         " hold everywhere, " + std::to_string(folklore) + " do not hold as stated\n";
  return out;
}

std::string render_claims_md(const json& doc) {
  using mpconform::reports::md_inline;
  const json cases = doc.value("cases", json::object());
  auto claims = claims_of(doc);
  std::string out = "## Claims\n\n";
  if (claims.empty()) return out + "No case in this document states a checkable claim.\n";
  out += "| case | claim | source | holds in | does not hold in |\n|---|---|---|---|---|\n";
  for (const auto& [id, cells] : claims) {
    const json kase = cases.value(id, json::object());
    std::string fails;
    for (const json* c : cells.fails)
      fails += (fails.empty() ? "" : "; ") + cell_name(*c) + ": saw " + what_happened(*c);
    out += "| " + md_inline(id) + " | " + md_inline(kase.value("claim", "")) + " | " +
           md_inline(kase.value("source", "")) + " | " + std::to_string(cells.holds.size()) + " cells | " +
           (fails.empty() ? "none" : md_inline(fails)) + " |\n";
  }
  return out;
}
