#include "repro_command.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "documents.h"
#include "hang_stats.h"
#include "interrupt.h"
#include "results.h"
#include "scheduler.h"
#include "session.h"
#include "supervisor.h"

using nlohmann::json;

namespace mpc::cli {
namespace {

std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * x);
  return buf;
}

std::string seconds(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

// Busy threads in the harness itself, competing with the case for the CPUs: a
// loaded machine schedules the case's threads less evenly, which widens races.
class CpuLoad {
 public:
  explicit CpuLoad(int threads) {
    for (int i = 0; i < threads; ++i)
      workers_.emplace_back([this] {
        volatile unsigned long spin = 0;
        while (!stop_.load(std::memory_order_relaxed)) ++spin;
      });
  }
  ~CpuLoad() {
    stop_ = true;
    for (auto& t : workers_) t.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

std::string cell_label(const Cell& c) {
  return "python " + c.python.version + " " + c.method + (c.exe_mode == "python" ? "" : " (" + c.exe_mode + ")");
}

// Prints how to look at a hung tree that is being kept alive.
void print_attach_help(const TreeRun& run) {
  std::cout << "\nThe hung tree is kept alive. Its processes:\n";
  for (const auto& p : run.hang)
    std::cout << "  pid " << p.pid << "  " << p.role << " (" << p.judgement << ")  " << p.cmdline.substr(0, 100) << "\n";
  std::cout << "Attach, from another terminal:\n";
  for (const auto& p : run.hang) {
    std::cout << "  gdb -p " << p.pid << " -batch -ex 'thread apply all bt'\n";
    if (std::system("command -v py-spy >/dev/null 2>&1") == 0)
      std::cout << "  py-spy dump --pid " << p.pid << "\n";
  }
  std::cout << "Press Ctrl-C to kill the tree and finish.\n" << std::flush;
  while (!interrupted()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

// Each line of `text` after `indent`, blank lines dropped.
std::string indented(const std::string& text, const std::string& indent) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out += indent + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

std::string render_hang(const json& hang) {
  std::string out;
  // The cause first: the stacks below are its evidence.
  if (hang.value("explanation", json()).is_string())
    out += "  Why: " + hang["explanation"].get<std::string>() + "\n\n";
  for (const auto& p : hang.value("processes", json::array())) {
    out += "  process " + std::to_string(p.value("pid", 0)) + " (" + p.value("role", "") + ", " +
           p.value("judgement", "") + "): " + p.value("cmdline", "").substr(0, 90) + "\n";
    for (const auto& t : p.value("threads", json::array())) {
      out += "    thread " + std::to_string(t.value("tid", 0)) + " \"" + t.value("name", "") + "\" " +
             (t.value("wait", "").empty() ? "state " + t.value("state", "") : "blocked in " + t.value("wait", "")) +
             (t.value("wchan", "").empty() ? "" : " (" + t.value("wchan", "") + ")") + "\n";
      out += indented(t.value("python_stack", ""), "      ");
    }
    const json& fork = p.value("at_fork", json());
    if (!fork.is_object()) continue;
    out += "    at its fork by " + std::to_string(fork.value("parent_pid", 0)) + " (" + fork.value("where", "") +
           (fork.value("call", "").empty() ? "" : ": " + fork.value("call", "")) + "), the parent's other threads:\n";
    for (const auto& t : fork.value("threads", json::array()))
      out += "      thread \"" + t.value("name", "") + "\"\n" + indented(t.value("python_stack", ""), "        ");
    if (fork.value("native_thread_count", 0) > 0)
      out += "      and " + std::to_string(fork.value("native_thread_count", 0)) + " thread(s) Python did not start\n";
  }
  return out;
}

// The most trees that ran at once in this repro (0 when none ran).
int trees_at_once(const std::vector<CellResult>& results) {
  int most = 0;
  for (const auto& r : results) most = std::max(most, 1 + r.concurrency.cells_beside);
  return most;
}

std::string at_once_warning(int at_once) {
  if (at_once <= 1) return "";
  return std::to_string(at_once) +
         " trees ran at once: a race that needs a free core may hang less often than it does alone "
         "(without --jobs, one runs at a time)";
}

int repro_command(const ReproOptions& o) {
  if (o.runs < 1) {
    std::cerr << "mpconform repro: --runs must be at least 1\n";
    return 2;
  }
  Session session;
  std::vector<Cell> plan;
  try {
    open_session(session, o.cases_dirs, o.builtin, o.pythons, {o.case_id});
    apply_limit_flags(session, o.limits);
    PlanFilter filter{{o.case_id}, {}, {}, o.methods.empty() ? std::vector<std::string>{"fork"} : o.methods, {o.exe_mode}};
    plan = make_plan(session.catalog, session.pythons, filter);
  } catch (const std::exception& e) {
    std::cerr << "mpconform repro: " << e.what() << "\n";
    return 2;
  }
  std::vector<Cell> cells;
  for (int i = 0; i < o.runs; ++i) cells.insert(cells.end(), plan.begin(), plan.end());

  session.ctx.knobs = o.knobs;
  session.ctx.stderr_backpressure_ms = o.stderr_backpressure_ms;
  std::atomic<bool> hang_seen{false};
  std::once_flag held;
  if (o.keep)
    session.ctx.hold_hung_tree = [&](const TreeRun& run) { std::call_once(held, [&] { print_attach_help(run); }); };
  const bool stop_at_hang = o.until_hang || o.keep;
  // One tree at a time unless --jobs says otherwise: a race that needs a free core
  // (seed 003's) hung 9-11 times in 12 alone on 2 cores, and 0 in 20 two at a time.
  const int jobs = o.jobs > 0 ? o.jobs : 1;

  std::cout << "repro " << o.case_id << ": " << o.runs << " runs of " << plan.size() << " cell(s), " << effective_jobs(jobs)
            << " at a time";
  for (const auto& k : o.knobs) std::cout << ", knob " << k;
  if (o.stderr_backpressure_ms) std::cout << ", stderr back-pressure " << o.stderr_backpressure_ms << " ms";
  if (o.cpu_load) std::cout << ", " << o.cpu_load << " busy threads";
  std::cout << "\n" << std::flush;

  become_subreaper();
  const bool tty = isatty(STDERR_FILENO);
  std::vector<CellResult> results;
  {
    InterruptGuard guard;
    CpuLoad load(o.cpu_load);
    size_t done = 0;
    results = run_cells(
        cells, session.ctx, jobs, /*runs_alone=*/nullptr,
        [&](const CellResult& r) {
          ++done;
          if (r.outcome.kind == OutcomeKind::kDeadlock) hang_seen = true;
          // In place on a terminal; a line per run in logs.
          std::fprintf(stderr, tty ? "\r[%zu/%zu] %s: %s   " : "[%zu/%zu] %s: %s\n", done, cells.size(),
                       cell_label(r.cell).c_str(), r.outcome.str().c_str());
        },
        [&] { return interrupted() || (stop_at_hang && hang_seen); });
    if (tty) std::fprintf(stderr, "\n");
  }

  // One row per planned cell: rate, interval, time to hang, the other outcomes.
  json rows = json::array();
  const json* first_hang = nullptr;
  json cell_docs = json::array();
  for (const auto& r : results) cell_docs.push_back(cell_to_json(r));
  std::printf("%-9s %-11s %5s %5s %7s  %-17s %-27s %s\n", "python", "method", "runs", "hangs", "rate",
              "95% CI (Wilson)", "time to hang s: min/med/p90/max", "other outcomes");
  for (const auto& p : plan) {
    int runs = 0, hangs = 0;
    std::vector<double> times;
    std::map<std::string, int> others;
    for (size_t i = 0; i < results.size(); ++i) {
      const CellResult& r = results[i];
      if (r.cell.method != p.method || r.cell.python.runner != p.python.runner || r.cell.exe_mode != p.exe_mode) continue;
      ++runs;
      if (r.outcome.kind == OutcomeKind::kDeadlock) {
        ++hangs;
        if (r.tree.hang_started_s >= 0) times.push_back(r.tree.hang_started_s);
        if (!first_hang) first_hang = &cell_docs[i];
      } else {
        ++others[r.outcome.str()];
      }
    }
    const RateInterval ci = wilson_interval(hangs, runs);
    const Distribution d = distribution_of(times);
    std::string other;
    for (const auto& [k, v] : others) other += (other.empty() ? "" : " ") + k + ":" + std::to_string(v);
    const std::string dist = d.count ? seconds(d.min) + "/" + seconds(d.median) + "/" + seconds(d.p90) + "/" + seconds(d.max) : "-";
    std::printf("%-9s %-11s %5d %5d %7s  [%s, %s]%*s %-27s %s\n", p.python.version.c_str(), p.method.c_str(), runs,
                hangs, percent(ci.rate).c_str(), percent(ci.low).c_str(), percent(ci.high).c_str(),
                static_cast<int>(std::max<size_t>(1, 17 - (percent(ci.low).size() + percent(ci.high).size() + 4))), "",
                dist.c_str(), other.c_str());
    rows.push_back({{"python", p.python.version}, {"method", p.method}, {"exe_mode", p.exe_mode}, {"runs", runs},
                    {"hangs", hangs}, {"rate", ci.rate}, {"ci95", {ci.low, ci.high}},
                    {"time_to_hang_s", {{"count", d.count}, {"min", d.min}, {"median", d.median}, {"p90", d.p90}, {"max", d.max}}},
                    {"other_outcomes", others}});
  }
  const int at_once = trees_at_once(results);
  const std::string warning = at_once_warning(at_once);
  if (!warning.empty()) std::cout << "\nwarning: " << warning << "\n";
  if (first_hang) {
    std::cout << "\nFirst hang (" << (*first_hang)["method"].get<std::string>() << ", python "
              << (*first_hang)["python"]["version"].get<std::string>() << "): where every thread waits\n"
              << render_hang((*first_hang)["evidence"]["hang"]);
  }

  json doc = build_document(session, results, {o.command_line, o.methods, jobs, cells.size(), ""});
  json summary = {{"case", o.case_id}, {"runs_per_cell", o.runs}, {"knobs", o.knobs},
                  {"stderr_backpressure_ms", o.stderr_backpressure_ms}, {"cpu_load", o.cpu_load},
                  {"jobs", effective_jobs(jobs)}, {"trees_at_once", at_once},
                  {"warning", warning.empty() ? json(nullptr) : json(warning)},
                  {"rows", rows}, {"first_hang", first_hang ? *first_hang : json(nullptr)}};
  try {
    write_run_reports(o.report_dir, doc);
    write_file_atomically(o.report_dir + "/repro.json", dump_document(summary));
  } catch (const std::exception& e) {
    std::cerr << "mpconform repro: " << e.what() << "\n";
    return 2;
  }
  std::cout << "reports: " << o.report_dir << "/{repro.json,results.json,junit.xml,summary.md}\n";
  if (interrupted() && !o.keep) return 128 + interrupt_signal();
  return 0;
}

}  // namespace

void add_repro_command(CLI::App& app, ReproOptions& o, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("repro", "Reproduce a hang: its rate, time to hang, and where the threads are stuck");
  cmd->add_option("case", o.case_id, "The case id")->required();
  cmd->add_option("--method", o.methods, "Start method (repeatable; default fork)")
      ->check(CLI::IsMember({"fork", "spawn", "forkserver", "default"}));
  cmd->add_option("--python", o.pythons, "Interpreter X.Y, PATH or all (repeatable)");
  cmd->add_option("--cases-dir", o.cases_dirs, "Find the case in DIR")->check(CLI::ExistingDirectory);
  cmd->add_flag("--builtin", o.builtin, "With --cases-dir: the built-in catalog too");
  cmd->add_option("--runs,-n", o.runs, "Runs per cell (default 20)")->check(CLI::Range(1, 100000));
  cmd->add_option("--jobs,-j", o.jobs, "Runs at once (default 1: a race may need a free core)")->check(CLI::Range(1, 256));
  cmd->add_flag("--until-hang", o.until_hang, "Stop starting runs after the first hang");
  cmd->add_flag("--keep", o.keep, "Keep the first hung tree alive to attach a debugger; Ctrl-C ends it");
  cmd->add_option("--limit", o.limits, "NAME=VALUE: a limit over the case's own (see run --help)");
  cmd->add_option("--knob", o.knobs, "NAME=VALUE given to the case (mpconform_case.knob), repeatable");
  cmd->add_option("--stderr-backpressure", o.stderr_backpressure_ms,
                  "Read the case's stderr only every MS ms, through a small pipe")->check(CLI::Range(0, 10000));
  cmd->add_option("--cpu-load", o.cpu_load, "Busy threads competing for the CPUs while it runs")->check(CLI::Range(0, 64));
  cmd->add_option("--exe-mode", o.exe_mode, "python or host")->check(CLI::IsMember({"python", "host"}));
  cmd->add_option("--report-dir", o.report_dir, "Where repro.json and results.json go");
  cmd->callback([&o, &exit_code] { exit_code = repro_command(o); });
}

}  // namespace mpc::cli
