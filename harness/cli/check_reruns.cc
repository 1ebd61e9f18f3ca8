#include "check_reruns.h"

#include <chrono>
#include <iostream>
#include <set>

#include "check_baseline.h"
#include "check_tests.h"
#include "results.h"
#include "scheduler.h"

using nlohmann::json;

namespace mpc::cli {
namespace {

// Cells (indices) that worked as their baseline did but printed or exited otherwise.
std::vector<size_t> differing_in_output(const json& cells, const std::map<std::string, size_t>& baselines) {
  std::vector<size_t> out;
  for (size_t i = 0; i < cells.size(); ++i) {
    auto base = baselines.find(interpreter_of(cells[i]));
    if (base == baselines.end() || base->second == i) continue;
    const json& b = cells[base->second];
    if (cells[i].value("outcome", "") == b.value("outcome", "") && !output_difference(b, cells[i]).empty())
      out.push_back(i);
  }
  return out;
}

// What of a rerun the comparison reads, and what a person checks it by.
json rerun_json(const CellResult& r) {
  const json full = cell_to_json(r);
  const json& ev = full["evidence"];
  return {{"outcome", full.value("outcome", "")}, {"duration_s", full.value("duration_s", 0.0)},
          {"exit_code", ev.value("exit_code", json(nullptr))}, {"stdout", ev.value("stdout", json(nullptr))},
          {"stderr", ev.value("stderr", json(nullptr))}};
}

// Runs cells[i] for each i `times` times again and appends each result to its
// cell's reruns.
size_t rerun(json& docs, const std::vector<Cell>& cells, const std::vector<size_t>& which, int times,
             const Session& session, int jobs, const std::function<bool()>& stop) {
  std::vector<Cell> again;
  std::vector<size_t> owner;
  for (int t = 0; t < times; ++t)
    for (size_t i : which) {
      again.push_back(cells[i]);
      owner.push_back(i);
    }
  const std::vector<CellResult> results = run_cells(again, session.ctx, jobs, nullptr, [](const CellResult&) {}, stop);
  for (size_t k = 0; k < results.size(); ++k) {
    json& evidence = docs[owner[k]]["evidence"];
    if (!evidence.contains("reruns") || !evidence["reruns"].is_array()) evidence["reruns"] = json::array();
    evidence["reruns"].push_back(rerun_json(results[k]));
  }
  return results.size();
}

}  // namespace

RerunStats rerun_where_output_differs(json& doc, const std::vector<Cell>& cells, const Session& session, int jobs,
                                      int times, bool quiet, const std::function<bool()>& stop) {
  RerunStats stats;
  json& docs = doc["cells"];
  if (times <= 0 || !docs.is_array() || docs.size() != cells.size() || is_suite(docs)) return stats;  // a suite compares tests
  const auto t0 = std::chrono::steady_clock::now();
  const auto baselines = choose_baselines(docs);

  std::set<size_t> base_again;
  for (size_t i : differing_in_output(docs, baselines)) base_again.insert(baselines.at(interpreter_of(docs[i])));
  if (base_again.empty()) return stats;
  if (!quiet)
    std::cerr << "output differs from the baseline's: running " << base_again.size()
              << (base_again.size() == 1 ? " baseline" : " baselines") << " again to learn what varies by itself\n";
  stats.baselines = rerun(docs, cells, {base_again.begin(), base_again.end()}, times, session, jobs, stop);

  const std::vector<size_t> still = differing_in_output(docs, baselines);
  if (!still.empty() && !stop()) {
    if (!quiet)
      std::cerr << "running " << still.size()
                << (still.size() == 1 ? " cell that still differs again, to tell a difference from its"
                                      : " cells that still differ again, to tell a difference from their")
                << " own variation\n";
    stats.cells = rerun(docs, cells, still, times, session, jobs, stop);
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;
}

}  // namespace mpc::cli
