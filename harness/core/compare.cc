#include "compare.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "os_lens.h"
#include "python_version.h"

namespace mpc {
namespace {

using nlohmann::json;

std::string python_of(const json& cell) {
  return cell.value("python", json::object()).value("version", "?");
}

std::set<std::string> interpreters_of(const json& doc) {
  std::set<std::string> out;
  for (const auto& c : doc.value("cells", json::array())) out.insert(python_of(c));
  return out;
}

std::string exception_type(const json& cell) {
  const json ev = cell.value("evidence", json::object());
  if (ev.contains("exception") && ev["exception"].is_object()) return ev["exception"].value("type", "");
  if (ev.contains("child_tracebacks") && ev["child_tracebacks"].is_array() && !ev["child_tracebacks"].empty())
    return ev["child_tracebacks"][0].value("type", "");
  return "";
}

bool declared_intermittent(const json& cell) {
  return cell.value("expected", json::array()).size() > 1;
}

bool allowed_by(const json& cell, const std::string& outcome) {
  for (const auto& e : cell.value("expected", json::array()))
    if (e == outcome) return true;
  return false;
}

std::string label(const json& doc) {
  std::string s;
  for (const auto& p : interpreters_of(doc)) s += (s.empty() ? "" : "+") + p;
  return s.empty() ? "(empty)" : s;
}

}  // namespace

std::string change_reason(const json& a, const json& b) {
  const std::string ra = a.value("resolved_method", ""), rb = b.value("resolved_method", "");
  if (ra != rb) return a.value("method", "") + " method " + ra + " -> " + rb;
  const std::string oa = a.value("outcome", ""), ob = b.value("outcome", "");
  const std::string ea = exception_type(a), eb = exception_type(b);
  if (oa != ob) {
    if (!ea.empty() && !eb.empty() && ea != eb) return "exception " + ea + " -> " + eb;
    if (!ea.empty() && eb.empty()) return "no longer raises " + ea;
    if (ea.empty() && !eb.empty()) return "now raises " + eb;
    return "outcome " + oa + " -> " + ob + ": " +
           b.value("evidence", json::object()).value("because", "");
  }
  if (ea != eb) return "exception " + ea + " -> " + eb;
  const json obs_a = a.value("observations", json::object()), obs_b = b.value("observations", json::object());
  std::string diffs;
  std::set<std::string> keys;
  for (auto it = obs_a.begin(); it != obs_a.end(); ++it) keys.insert(it.key());
  for (auto it = obs_b.begin(); it != obs_b.end(); ++it) keys.insert(it.key());
  for (const auto& k : keys) {
    const std::string va = obs_a.value(k, "(none)"), vb = obs_b.value(k, "(none)");
    if (va != vb) diffs += (diffs.empty() ? "" : ", ") + k + " " + va + " -> " + vb;
  }
  return diffs.empty() ? "no difference" : "observed " + diffs;
}

json compare_documents(const json& a, const json& b) {
  const auto pa = interpreters_of(a), pb = interpreters_of(b);
  bool by_python;
  if (pa == pb) {
    by_python = true;
  } else if (pa.size() <= 1 && pb.size() <= 1) {
    by_python = false;
  } else {
    throw std::runtime_error(
        "the documents hold different sets of interpreters (" + label(a) + " and " + label(b) +
        "); compare documents of one interpreter each, or of the same interpreters");
  }
  auto key_of = [&](const json& c) {
    std::string k = c.value("case", "") + " " + c.value("method", "") + " " + c.value("exe_mode", "python");
    if (!lens_of_cell(c).empty()) k += " " + lens_of_cell(c);
    return by_python ? k + " " + python_of(c) : k;
  };
  std::map<std::string, json> cells_a, cells_b;
  for (const auto& c : a.value("cells", json::array())) cells_a[key_of(c)] = c;
  for (const auto& c : b.value("cells", json::array())) cells_b[key_of(c)] = c;

  json out = {{"a", label(a)}, {"b", label(b)}, {"matched", 0}, {"changed", json::array()},
              {"intermittent", json::array()}, {"only_a", json::array()}, {"only_b", json::array()}};
  for (const auto& [key, ca] : cells_a) {
    auto it = cells_b.find(key);
    if (it == cells_b.end()) {
      out["only_a"].push_back(key);
      continue;
    }
    const json& cb = it->second;
    out["matched"] = out["matched"].get<int>() + 1;
    const bool same = ca.value("outcome", "") == cb.value("outcome", "") &&
                      ca.value("observations", json::object()) == cb.value("observations", json::object());
    if (same) continue;
    json entry = {{"case", ca.value("case", "")},         {"method", ca.value("method", "")},
                  {"exe_mode", ca.value("exe_mode", "")}, {"python_a", python_of(ca)},
                  {"python_b", python_of(cb)},           {"outcome_a", ca.value("outcome", "")},
                  {"outcome_b", cb.value("outcome", "")},
                  {"observations_a", ca.value("observations", json::object())},
                  {"observations_b", cb.value("observations", json::object())},
                  {"reason", change_reason(ca, cb)}};
    // A difference both cases declare possible (an intermittent hang, say) is not
    // a change of behaviour; it is listed apart.
    const bool intermittent = (declared_intermittent(ca) || declared_intermittent(cb)) &&
                              (allowed_by(ca, cb.value("outcome", "")) ||
                               allowed_by(cb, ca.value("outcome", "")));
    out[intermittent ? "intermittent" : "changed"].push_back(entry);
  }
  for (const auto& [key, cb] : cells_b)
    if (!cells_a.count(key)) out["only_b"].push_back(key);
  return out;
}

std::vector<json> split_by_interpreter(const json& doc) {
  std::map<std::string, json> parts;
  for (const auto& c : doc.value("cells", json::array())) {
    json& part = parts[python_of(c)];
    if (part.is_null()) {
      part = doc;
      part["cells"] = json::array();
    }
    part["cells"].push_back(c);
  }
  std::vector<std::pair<std::string, json>> ordered(parts.begin(), parts.end());
  std::sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) {
    auto vx = PythonVersion::Parse(x.first), vy = PythonVersion::Parse(y.first);
    if (vx && vy) return vx->compare_on(*vy) < 0;
    return x.first < y.first;
  });
  std::vector<json> out;
  for (auto& [_, part] : ordered) out.push_back(std::move(part));
  return out;
}

}  // namespace mpc
