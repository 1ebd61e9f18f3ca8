#include "compare_report.h"

#include <map>
#include <vector>

#include "internal/markdown_escape.h"

namespace {

using nlohmann::json;

std::string observations_text(const json& obs) {
  std::string s;
  for (auto it = obs.begin(); it != obs.end(); ++it)
    s += (s.empty() ? "" : ",") + it.key() + "=" + (it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
  return s;
}

std::string side(const json& e, const char* which) {
  const std::string o = e.value(std::string("outcome_") + which, "");
  const std::string obs = observations_text(e.value(std::string("observations_") + which, json::object()));
  return obs.empty() ? o : o + " (" + obs + ")";
}

// Entries grouped by case, cases in the order they first appear.
std::vector<std::pair<std::string, std::vector<json>>> by_case(const json& entries) {
  std::vector<std::pair<std::string, std::vector<json>>> groups;
  std::map<std::string, size_t> index;
  for (const auto& e : entries) {
    const std::string c = e.value("case", "");
    if (!index.count(c)) {
      index[c] = groups.size();
      groups.push_back({c, {}});
    }
    groups[index[c]].second.push_back(e);
  }
  return groups;
}

std::string where(const json& e) {
  std::string s = e.value("method", "");
  if (e.value("exe_mode", "python") != "python") s += " (" + e.value("exe_mode", "") + ")";
  return s;
}

std::string pythons(const json& e) {
  const std::string a = e.value("python_a", ""), b = e.value("python_b", "");
  return a == b ? "python " + a : a + " -> " + b;
}

}  // namespace

std::string render_compare_terminal(const json& cmp) {
  std::string out = "compare " + cmp.value("a", "") + " -> " + cmp.value("b", "") + ": " +
                    std::to_string(cmp.value("changed", json::array()).size()) + " cells changed of " +
                    std::to_string(cmp.value("matched", 0)) + " matched\n";
  for (const auto& [kase, entries] : by_case(cmp.value("changed", json::array()))) {
    out += "  " + kase + "\n";
    for (const auto& e : entries)
      out += "    " + where(e) + ": " + side(e, "a") + " -> " + side(e, "b") + "  [" + pythons(e) + "]  " +
             e.value("reason", "") + "\n";
  }
  const json inter = cmp.value("intermittent", json::array());
  if (!inter.empty()) {
    out += "differences the cases declare intermittent (may differ between runs):\n";
    for (const auto& e : inter)
      out += "    " + e.value("case", "") + " " + where(e) + ": " + side(e, "a") + " -> " + side(e, "b") + "  " +
             e.value("reason", "") + "\n";
  }
  for (const char* only : {"only_a", "only_b"}) {
    const json keys = cmp.value(only, json::array());
    if (keys.empty()) continue;
    out += std::string("cells only in ") + (only[5] == 'a' ? cmp.value("a", "") : cmp.value("b", "")) + ": " +
           std::to_string(keys.size()) + "\n";
  }
  return out;
}

std::string render_compare_md(const json& cmp) {
  using mpconform::reports::md_inline;
  std::string out = "## Changes from " + md_inline(cmp.value("a", "")) + " to " +
                    md_inline(cmp.value("b", "")) + "\n\n" +
                    std::to_string(cmp.value("changed", json::array()).size()) + " cells changed of " +
                    std::to_string(cmp.value("matched", 0)) + " matched.\n";
  for (const auto& [kase, entries] : by_case(cmp.value("changed", json::array()))) {
    out += "\n### " + md_inline(kase) + "\n\n| method | before | after | interpreters | why |\n|---|---|---|---|---|\n";
    for (const auto& e : entries)
      out += "| " + md_inline(where(e)) + " | " + md_inline(side(e, "a")) + " | " +
             md_inline(side(e, "b")) + " | " + md_inline(pythons(e)) + " | " +
             md_inline(e.value("reason", "")) + " |\n";
  }
  const json inter = cmp.value("intermittent", json::array());
  if (!inter.empty()) {
    out += "\n### Intermittent (declared by the cases; may differ between runs)\n\n| case | method | before | after | why |\n|---|---|---|---|---|\n";
    for (const auto& e : inter)
      out += "| " + md_inline(e.value("case", "")) + " | " + md_inline(where(e)) + " | " +
             md_inline(side(e, "a")) + " | " + md_inline(side(e, "b")) + " | " +
             md_inline(e.value("reason", "")) + " |\n";
  }
  return out;
}
