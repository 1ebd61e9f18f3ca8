#include "plan.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace mpc {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::string case_id_of_file(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

std::vector<Cell> make_plan(const Catalog& catalog, const std::vector<Interpreter>& pythons,
                            const PlanFilter& filter) {
  std::vector<std::string> methods = filter.methods.empty() ? all_methods() : filter.methods;
  for (const auto& m : methods)
    if (!contains(all_methods(), m))
      throw std::runtime_error("--method " + m + ": unknown start method (fork, spawn, forkserver, default)");
  for (const auto& mode : filter.exe_modes)
    if (mode != "python" && mode != "host")
      throw std::runtime_error("--exe-mode " + mode + ": unknown (python, host, both)");
  for (const auto& id : filter.case_ids) {
    bool known = catalog.find(id) != nullptr;
    for (const auto& e : catalog.errors) known = known || case_id_of_file(e.file) == id;
    if (!known) throw std::runtime_error("--case " + id + ": no such case (see `mpconform list`)");
  }
  auto wanted = [&](const std::string& id) {
    return filter.case_ids.empty() || contains(filter.case_ids, id);
  };

  std::vector<Cell> cells;
  auto add_cells = [&](const std::string& id, const Case* c, const CaseError* e) {
    for (const auto& os : filter.oses)
      for (const auto& python : pythons)
        for (const auto& mode : filter.exe_modes)
          for (const auto& method : methods) cells.push_back({id, c, e, method, python, mode, os});
  };
  for (const auto& c : catalog.cases) {
    if (!wanted(c.id)) continue;
    auto tagged = [&](const std::string& t) { return contains(c.tags, t); };
    if (!filter.tags.empty() && std::none_of(filter.tags.begin(), filter.tags.end(), tagged)) continue;
    if (std::any_of(filter.skip_tags.begin(), filter.skip_tags.end(), tagged)) continue;
    // The cases about other platforms' differences (tag os-lens) join a run that
    // emulates one, or that names them: the default matrix stays what it was.
    if (tagged(kOsLensTag) && filter.oses.size() <= 1 && !contains(filter.tags, kOsLensTag) &&
        !contains(filter.case_ids, c.id))
      continue;
    add_cells(c.id, &c, nullptr);
  }
  // Malformed cases are shown whatever the tag filter: their tags are unknown.
  for (const auto& e : catalog.errors)
    if (wanted(case_id_of_file(e.file))) add_cells(case_id_of_file(e.file), nullptr, &e);
  if (filter.shard_count <= 1) return cells;
  // Round-robin, so each shard gets a share of every case (slow ones included).
  std::vector<Cell> shard;
  for (size_t i = 0; i < cells.size(); ++i)
    if (static_cast<int>(i % filter.shard_count) == filter.shard_index - 1) shard.push_back(cells[i]);
  return shard;
}

std::pair<int, int> parse_shard(const std::string& text) {
  const size_t slash = text.find('/');
  int k = 0, n = 0;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    size_t used_k = 0, used_n = 0;
    k = std::stoi(text.substr(0, slash), &used_k);
    n = std::stoi(text.substr(slash + 1), &used_n);
    if (used_k != slash || used_n != text.size() - slash - 1) throw std::invalid_argument("junk");
  } catch (const std::exception&) {
    throw std::runtime_error("--shard " + text + ": expected K/N, e.g. 1/2");
  }
  if (n < 1 || k < 1 || k > n)
    throw std::runtime_error("--shard " + text + ": K must be between 1 and N");
  return {k, n};
}

}  // namespace mpc
