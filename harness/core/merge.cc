#include "merge.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <stdexcept>

#include "os_lens.h"
#include "python_version.h"
#include "results.h"

namespace mpc {
namespace {

using nlohmann::json;

std::string cell_key(const json& c) {
  const json py = c.value("python", json::object());
  const json facts = c.value("evidence", json::object()).value("facts", json::object());
  return c.value("case", "") + "|" + c.value("method", "") + "|" + c.value("exe_mode", "python") + "|" +
         py.value("version", "") + "|" + py.value("executable", "") + "|" + facts.value("os", "") +
         (lens_of_cell(c).empty() ? "" : "|" + lens_of_cell(c));
}

void append_unique(json& list, const json& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

}  // namespace

json merge_documents(const std::vector<json>& docs) {
  if (docs.empty()) throw std::runtime_error("nothing to merge");
  json run = {{"tool", "mpconform"}, {"complete", true}, {"merged_from", json::array()},
              {"interpreters", json::array()}, {"methods", json::array()}, {"case_errors", json::array()},
              {"cases_dirs", json::array()}, {"hosts", json::array()}, {"duration_s", 0.0},
              {"planned_cells", 0}};
  json cases = json::object();
  std::map<std::string, json> cells;
  std::vector<std::string> order;
  std::string started, finished;
  for (size_t i = 0; i < docs.size(); ++i) {
    const json& d = docs[i];
    if (!d.is_object() || d.value("schema", 0) != 1)
      throw std::runtime_error("document " + std::to_string(i + 1) + " is not a schema-1 results document");
    const json r = d.value("run", json::object());
    run["version"] = r.value("version", "");
    run["complete"] = run["complete"].get<bool>() && r.value("complete", false);
    run["duration_s"] = run["duration_s"].get<double>() + r.value("duration_s", 0.0);
    run["planned_cells"] = run["planned_cells"].get<int>() + r.value("planned_cells", 0);
    run["merged_from"].push_back({{"started", r.value("started", "")}, {"command", r.value("command", json::array())},
                                  {"shard", r.value("shard", json(nullptr))}, {"host", r.value("host", json::object())}});
    const std::string s = r.value("started", ""), f = r.value("finished", "");
    if (started.empty() || (!s.empty() && s < started)) started = s;
    if (f > finished) finished = f;
    for (const char* list : {"interpreters", "methods", "case_errors", "cases_dirs"})
      for (const auto& item : r.value(list, json::array())) append_unique(run[list], item);
    append_unique(run["hosts"], r.value("host", json::object()));
    const json doc_cases = d.value("cases", json::object());
    for (auto it = doc_cases.begin(); it != doc_cases.end(); ++it)
      if (!cases.contains(it.key())) cases[it.key()] = it.value();
    for (const auto& c : d.value("cells", json::array())) {
      const std::string key = cell_key(c);
      auto found = cells.find(key);
      if (found == cells.end()) {
        cells[key] = c;
        order.push_back(key);
      } else if (found->second.value("outcome", "") != c.value("outcome", "")) {
        throw std::runtime_error("two documents hold the cell " + key + " with different outcomes (" +
                                 found->second.value("outcome", "") + ", " + c.value("outcome", "") + ")");
      }
    }
  }
  run["started"] = started;
  run["finished"] = finished;
  // The usual method order, whatever order the shards listed them in.
  const std::vector<std::string> canonical = {"fork", "spawn", "forkserver", "default"};
  json methods = json::array();
  for (const auto& m : canonical)
    if (std::find(run["methods"].begin(), run["methods"].end(), m) != run["methods"].end()) methods.push_back(m);
  run["methods"] = methods;
  // The order of an unsharded run: case, interpreter, exe mode, then method.
  auto rank = [&](const json& c) {
    auto m = std::find(canonical.begin(), canonical.end(), c.value("method", ""));
    auto v = PythonVersion::Parse(c.value("python", json::object()).value("version", ""));
    return std::make_tuple(c.value("case", ""), v ? v->parts : std::vector<int>{},
                           c.value("exe_mode", "python") == "host", m - canonical.begin());
  };
  std::vector<json> sorted;
  for (const auto& k : order) sorted.push_back(cells[k]);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const json& x, const json& y) { return rank(x) < rank(y); });
  json cell_list = json::array();
  for (auto& c : sorted) cell_list.push_back(std::move(c));
  run["counts"] = count_verdicts(cell_list);
  return {{"schema", 1}, {"run", run}, {"cases", cases}, {"cells", cell_list}};
}

}  // namespace mpc
