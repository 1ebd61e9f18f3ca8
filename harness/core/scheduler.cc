#include "scheduler.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include "containment.h"
#include "race_evidence.h"
#include "run_alone_gate.h"
#include "supervisor.h"

namespace mpc {

int effective_jobs(int requested) {
  // Without a ceiling of its own per cell, a fork bomb fills the machine (or the
  // user's task budget) until the samples stop it, and a cell beside it would see
  // its forks refused.
  return run_containment().ceiling_per_cell() ? std::max(1, requested) : 1;
}

std::vector<CellResult> run_cells(const std::vector<Cell>& cells, const CellContext& ctx, int jobs,
                                  const std::function<bool(const Cell&)>& runs_alone,
                                  const std::function<void(const CellResult&)>& on_done,
                                  const std::function<bool()>& stop) {
  std::vector<std::optional<CellResult>> slots(cells.size());
  std::atomic<size_t> next{0};
  std::mutex done_mutex;
  RunAloneGate gate;
  const int n_slots = effective_jobs(jobs);
  auto worker = [&] {
    for (size_t i; !stop() && (i = next++) < cells.size();) {
      CellConcurrency cc;
      cc.slots = n_slots;
      const bool race = runs_alone && runs_alone(cells[i]);
      cc.alone = race || n_slots == 1;
      cc.alone_because = race ? "race-prone" : cc.alone ? "one slot" : "";
      const auto asked = std::chrono::steady_clock::now();
      const int ticket = gate.enter(race);
      const auto entered = std::chrono::steady_clock::now();
      cc.waited_s = std::chrono::duration<double>(entered - asked).count();
      if (stop()) {  // interrupted while waiting for the machine: not started
        gate.leave(ticket);
        break;
      }
      cc.load_1min = read_load_1min();
      CellResult r = run_cell(cells[i], ctx);
      cc.cells_beside = gate.leave(ticket);
      cc.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - entered).count();
      r.concurrency = cc;
      if (const auto why = needs_run_alone(r); why && !stop()) {
        // A race that needs a free core: the run beside others does not count.
        CellConcurrency again;
        again.slots = n_slots;
        again.alone = true;
        again.alone_because = "forked beside threads";
        again.rerun_alone_because = *why;
        again.beside_outcome = r.outcome.str();
        again.beside_cells = cc.cells_beside;
        const auto asked_again = std::chrono::steady_clock::now();
        const int alone_ticket = gate.enter(true);
        const auto entered_again = std::chrono::steady_clock::now();
        again.waited_s = cc.waited_s + std::chrono::duration<double>(entered_again - asked_again).count();
        if (!stop()) {
          again.load_1min = read_load_1min();
          CellResult alone = run_cell(cells[i], ctx);
          gate.leave(alone_ticket);
          again.wall_s = cc.wall_s + std::chrono::duration<double>(std::chrono::steady_clock::now() - entered_again).count();
          alone.concurrency = again;
          if (alone.tree.end != TreeEnd::kInterrupted) r = std::move(alone);
        } else {
          gate.leave(alone_ticket);
        }
      }
      std::lock_guard<std::mutex> lock(done_mutex);
      reap_strays();
      if (r.tree.end == TreeEnd::kInterrupted) continue;  // not finished: not a result
      on_done(r);
      slots[i] = std::move(r);
    }
  };
  std::vector<std::thread> threads;
  for (int k = 0; k < n_slots; ++k) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  kill_orphans();
  remove_stale_cgroups(run_containment().cgroup, /*own_too=*/true);  // any a slow exit kept busy
  std::vector<CellResult> out;
  for (auto& s : slots)
    if (s) out.push_back(std::move(*s));
  return out;
}

}  // namespace mpc
