#include "run_command.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <tuple>

#include "os_lens.h"
#include "compare.h"
#include "compare_report.h"
#include "documents.h"
#include "html_report.h"
#include "interrupt.h"
#include "plan.h"
#include "progress.h"
#include "race_prone.h"
#include "results.h"
#include "scheduler.h"
#include "session.h"
#include "supervisor.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace mpc::cli {
namespace {

// --compare: each interpreter against the next one up, so a run over 3.13 and 3.14
// shows what changed between them. Returns false when there is nothing to compare.
bool compare_neighbours(const json& doc, const std::string& report_dir) {
  const std::vector<json> parts = split_by_interpreter(doc);
  if (parts.size() < 2) {
    std::cerr << "mpconform: --compare needs two or more interpreters (--python X --python Y)\n";
    return false;
  }
  json all = json::array();
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    json cmp = compare_documents(parts[i], parts[i + 1]);
    std::cout << "\n" << render_compare_terminal(cmp);
    all.push_back(std::move(cmp));
  }
  // One comparison is the document itself; several become a list of them.
  json out = all.size() == 1 ? all[0] : json{{"comparisons", all}};
  std::string md;
  for (const auto& c : all) md += render_compare_md(c) + "\n";
  fs::create_directories(report_dir);
  write_file_atomically(report_dir + "/compare.json", dump_document(out));
  write_file_atomically(report_dir + "/compare.md", md);
  write_html_report(report_dir, doc, &out);  // the page gains its compare view
  return true;
}

}  // namespace

void add_run_command(CLI::App& app, RunOptions& o, int& exit_code) {
  CLI::App* run = app.add_subcommand("run", "Run the matrix: cases x start methods x interpreters");
  run->add_option("--cases-dir", o.cases_dirs, "Run the cases in DIR (repeatable) instead of the built-in catalog")
      ->check(CLI::ExistingDirectory);
  run->add_flag("--builtin", o.builtin, "With --cases-dir: run the built-in catalog too");
  run->add_option("--case", o.case_ids, "Only this case id (repeatable)");
  run->add_option("--method", o.methods, "Only this start method (repeatable)")
      ->check(CLI::IsMember({"fork", "spawn", "forkserver", "default"}));
  run->add_option("--python", o.pythons, "Interpreter X.Y or PATH (repeatable; default: the system python3)");
  run->add_option("--os", o.oses, "Also run each cell under an emulated OS, macos or windows (repeatable; linux, the host's own, always runs; see README: the OS lens)")
      ->check(CLI::IsMember({"linux", "macos", "windows"}));
  run->add_option("--tag", o.tags, "Only cases with this tag (repeatable)");
  run->add_option("--skip-tag", o.skip_tags, "Leave out cases with this tag (repeatable)");
  run->add_option("--exe-mode", o.exe_mode, "What spawn/forkserver children exec: python, host or both")
      ->check(CLI::IsMember({"python", "host", "both"}));
  run->add_option("--jobs,-j", o.jobs, "Cells run at once (default: one per CPU)")->check(CLI::Range(1, 256));
  run->add_option("--report-dir", o.report_dir, "Where results.json, junit.xml and summary.md go");
  run->add_flag("--quiet,-q", o.quiet, "Print only the matrix and the failures");
  run->add_option("--shard", o.shard, "Run only shard K of N (every Nth cell from the Kth), e.g. 1/2");
  run->add_option("--limit", o.limits,
                  "NAME=VALUE: a limit for every cell, over the case's own (timeout=60, processes=100, "
                  "memory=2GiB, output=10MiB; repeatable)");
  run->add_flag("--compare", o.compare, "With two or more interpreters: show the cells that changed between neighbours");
  run->callback([&o, &exit_code] { exit_code = run_command(o); });
}

int run_command(const RunOptions& o) {
  Session session;
  std::vector<Cell> cells;
  try {
    open_session(session, o.cases_dirs, o.builtin, o.pythons, o.case_ids);
    apply_limit_flags(session, o.limits);
    PlanFilter filter{o.case_ids, o.tags, o.skip_tags, o.methods, {o.exe_mode}};
    if (o.exe_mode == "both") filter.exe_modes = {"python", "host"};
    filter.oses = plan_oses(o.oses);
    if (!o.shard.empty()) std::tie(filter.shard_index, filter.shard_count) = parse_shard(o.shard);
    cells = make_plan(session.catalog, session.pythons, filter);
  } catch (const std::exception& e) {
    std::cerr << "mpconform: " << e.what() << "\n";
    return 2;
  }
  if (cells.empty() && o.shard.empty()) {
    std::cerr << "mpconform: no cell matches the filters (see `mpconform list`)\n";
    return 2;
  }
  const int jobs = o.jobs > 0 ? o.jobs : default_jobs();

  become_subreaper();
  std::vector<CellResult> results;
  // Held until the reports are written: a Ctrl-C (or a second one) while they are
  // being written must not leave a report folder half old, half new.
  InterruptGuard guard;
  {
    Progress progress(cells.size(), o.quiet);
    // Cells that can hang by a race get the machine to themselves: beside another
    // tree they lose the free core the race needs, and say `ok` where plain Python
    // alone would hang.
    const auto alone = [&](const Cell& c) { return race_prone(c, session.ctx.host_os); };
    results = run_cells(
        cells, session.ctx, jobs, alone, [&](const CellResult& r) { progress.cell_done(r); }, interrupted);
    progress.finish();
  }
  const json doc = build_document(session, results, {o.command_line, o.methods, jobs, cells.size(), o.shard});

  print_matrix(doc);
  bool compared = false;
  try {
    write_run_reports(o.report_dir, doc);
    compared = o.compare && compare_neighbours(doc, o.report_dir);
  } catch (const std::exception& e) {
    std::cerr << "mpconform: " << e.what() << "\n";
    return 2;
  }
  std::cout << "reports: " << o.report_dir << "/{results.json,junit.xml,summary.md,claims.md,report.html"
            << (compared ? ",compare.json,compare.md" : "") << "}\n";
  if (results.size() != cells.size()) {
    std::cerr << "mpconform: interrupted: " << results.size() << " of " << cells.size()
              << " cells finished; results.json is marked incomplete\n";
    return 128 + interrupt_signal();
  }
  return doc["run"]["counts"]["FAIL"].get<int>() > 0 ? 1 : 0;
}

}  // namespace mpc::cli
