#include "check_command.h"

#include <CLI/CLI.hpp>

#include <sys/wait.h>
#include <cerrno>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "check_case.h"
#include "check_document.h"
#include "check_reruns.h"
#include "check_terminal.h"
#include "documents.h"
#include "interpreter.h"
#include "interpreters.h"
#include "paths.h"
#include "interrupt.h"
#include "os_lens.h"
#include "plan.h"
#include "progress.h"
#include "results.h"
#include "scheduler.h"
#include "session.h"
#include "supervisor.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace mpc::cli {
namespace {

constexpr const char* kUsage = "mpconform check [OPTIONS] PROGRAM.py [ARGS...] | -m MODULE [ARGS...]";

// One clear line and exit 2, before anything runs.
int usage_error(const std::string& message) {
  std::cerr << "mpconform check: " << message << "\n";
  return 2;
}

// Whether `python` finds `module` from this folder, as `python -m` would look
// (importlib's find_spec imports only its parent packages).
bool module_found(const std::string& python, const std::string& module) {
  const pid_t pid = fork();
  if (pid < 0) return true;  // cannot tell: let the cells say
  if (pid == 0) {
    const char* probe = "import importlib.util, sys\n"
                        "try:\n    found = importlib.util.find_spec(sys.argv[1]) is not None\n"
                        "except (ImportError, ValueError):\n    found = False\n"
                        "sys.exit(0 if found else 3)\n";
    execl(python.c_str(), python.c_str(), "-c", probe, module.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return !(WIFEXITED(status) && WEXITSTATUS(status) == 3);
}

// A suite's cells each write pytest's junit file where the harness reads it; a
// --junitxml of the user's would win over it (pytest keeps the last) and the
// cells would share one file in the user's folder.
bool names_junitxml(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--") return false;
    for (const char* flag : {"--junitxml", "--junit-xml"})
      if (a == flag || a.rfind(std::string(flag) + "=", 0) == 0) return true;
  }
  return false;
}

}  // namespace

void add_check_command(CLI::App& app, CheckOptions& o, int& exit_code) {
  CLI::App* check = app.add_subcommand(
      "check", "Run your own program under every start method: where it breaks, why, what to change");
  check->footer(
      "  " + std::string(kUsage) + "\n"
      "The program runs as `python PROGRAM.py ARGS` would, in the current directory, with stdin at end of\n"
      "file; everything after PROGRAM.py is its own. Exit 0: every cell behaves as the baseline (the cell\n"
      "where it works, fork first); 1: something breaks; 2: usage error. check.json holds the diagnosis\n"
      "(reports/check-schema.md). `-m pytest ARGS` runs the suite in every cell and compares it test by test.");
  // One value per flag: `--python 3.14 prog.py` must leave prog.py to be the program.
  check->add_option("--python", o.pythons, "Interpreter X.Y or PATH (repeatable; default: the system python3; all)")
      ->allow_extra_args(false);
  check->add_option("--method", o.methods, "Only this start method (repeatable; default: all four)")
      ->allow_extra_args(false)
      ->check(CLI::IsMember({"fork", "spawn", "forkserver", "default"}));
  check->add_option("--os", o.oses, "Also run each cell under an emulated OS, macos or windows (repeatable; linux, the host's own, always runs; see README: the OS lens)")
      ->allow_extra_args(false)
      ->check(CLI::IsMember({"linux", "macos", "windows"}));
  check->add_option("--jobs,-j", o.jobs, "Cells run at once (default: one per CPU; a cell that forked beside threads runs again alone)")->check(CLI::Range(1, 256));
  check->add_option("--timeout", o.timeout_s,
                    "Seconds each cell may run (default 30; a suite's cells run on while tests finish, up to 3x "
                    "the first full run, at least 60 s: --timeout caps them)")
      ->check(CLI::PositiveNumber);
  check->add_option("--idle-timeout", o.idle_timeout_s,
                    "-m pytest: a cell ends when no test has finished for this many seconds (default 30)")
      ->check(CLI::PositiveNumber);
  check->add_option("--report-dir", o.report_dir, "Where check.json, results.json and the other reports go");
  check->add_option("--reruns", o.reruns,
                    "Where a cell's output differs from its baseline's: extra runs of the baseline, then of that cell, "
                    "to learn what the output does by itself (default 1; 0 compares first runs line by line)")
      ->check(CLI::Range(0, 20));
  check->add_flag("--quiet,-q", o.quiet, "Print only the table, the breaks and the verdict");
  check->add_flag("--github", o.ci.github,
                  "GitHub Actions: print each break (::error) and hazard (::warning) as an annotation at its line, "
                  "10 of each, and append a summary to $GITHUB_STEP_SUMMARY when it is set (paths relative to "
                  "$GITHUB_WORKSPACE, else the current folder)");
  check->add_option("--sarif", o.ci.sarif_path,
                    "Also write the breaks and hazards as SARIF 2.1.0 to FILE (for code scanning: "
                    "github/codeql-action/upload-sarif)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  check->add_option("-m", o.module, "Check a module, run as `python -m MODULE ARGS` would");
  // Everything from the program on belongs to the program, options included.
  check->prefix_command();
  check->callback([&o, &exit_code, check] {
    o.program_and_args = check->remaining();
    exit_code = check_command(o);
  });
}

int check_command(const CheckOptions& o) {
  const bool is_module = !o.module.empty();
  if (!is_module && o.program_and_args.empty()) return usage_error("no program given (" + std::string(kUsage) + ")");
  const std::string program = is_module ? o.module : o.program_and_args.front();
  const std::string first = o.program_and_args.empty() ? "" : o.program_and_args.front();
  if (!is_module && first.size() > 1 && first[0] == '-') return usage_error("unknown option " + first + " (see --help)");
  std::error_code ec;
  if (!is_module && !fs::is_regular_file(program, ec)) return usage_error("no such program: " + program);
  const std::vector<std::string> args(o.program_and_args.begin() + (is_module ? 0 : 1), o.program_and_args.end());
  const std::string cwd = fs::current_path(ec).string();

  const bool suite = is_module && is_pytest_module(program);
  if (!suite && o.idle_timeout_s > 0) return usage_error("--idle-timeout is for -m pytest suites only");
  if (suite && names_junitxml(args))
    return usage_error("-m pytest: drop --junitxml: each cell writes pytest's junit file of its own, and check.json "
                       "has every test's outcome in every cell");
  // Said before anything of the run's is set up, so a usage error is one line.
  try {
    if (is_module)
      for (const Interpreter& p : choose_interpreters(o.pythons))
        if (!module_found(p.executable, program))
          return usage_error(suite ? "-m " + program + ": pytest is not installed for " + p.executable +
                                         " (nothing was run)"
                                   : "no module named " + program + " for " + p.executable + " (from " + cwd + ")");
  } catch (const std::exception& e) {
    return usage_error(e.what());
  }

  Session session;
  std::vector<Cell> cells;
  try {
    open_session_without_catalog(session, o.pythons);
    if (o.timeout_s > 0) session.ctx.limits.timeout_s = o.timeout_s;
    if (suite) {
      const double idle = o.idle_timeout_s > 0 ? o.idle_timeout_s : CellLimits{}.timeout_s;
      session.ctx.suite_pacing = std::make_shared<SuitePacing>(
          idle, o.timeout_s > 0 ? std::optional<double>(o.timeout_s) : std::nullopt);
    }
    session.catalog.cases.push_back(is_module ? module_case(program, args, cwd) : program_case(program, args, cwd));
    PlanFilter filter{{}, {}, {}, o.methods, {"python"}};
    filter.oses = plan_oses(o.oses);
    cells = make_plan(session.catalog, session.pythons, filter);
  } catch (const std::exception& e) {
    return usage_error(e.what());
  }
  // Side by side: a cell that forked beside threads, the one kind that can hang by
  // a race needing a free core, runs again alone (race_evidence.h).
  const int jobs = o.jobs > 0 ? o.jobs : default_jobs();

  // Before the first cell: its progress lines and the report show the program's words.
  WorkflowCommandsStopped commands_stopped(o.ci.github);
  become_subreaper();
  std::vector<CellResult> results;
  InterruptGuard guard;  // held until the reports are written (see run_command.cc)
  {
    Progress progress(cells.size(), o.quiet);
    progress.without_verdicts();
    session.ctx.on_suite_progress = [&](const Cell& cell, const SuiteProgress& p) { progress.tests_done(cell, p); };
    results = run_cells(
        cells, session.ctx, jobs, nullptr, [&](const CellResult& r) { progress.cell_done(r); }, interrupted);
    progress.finish();
    session.ctx.on_suite_progress = nullptr;  // `progress` ends here
  }
  json doc = build_document(session, results, {o.command_line, o.methods, jobs, cells.size(), ""});
  RerunStats reruns;
  if (results.size() == cells.size()) reruns = rerun_where_output_differs(doc, cells, session, jobs, o.reruns, o.quiet, interrupted);
  json check = build_check_document(doc, {is_module ? "-m " + program : program, args, cwd});
  check["reruns"] = {{"baselines", reruns.baselines}, {"cells", reruns.cells}, {"seconds", reruns.seconds}};
  std::cout << render_check_terminal(check);
  try {
    write_run_reports(o.report_dir, doc);
    write_file_atomically(o.report_dir + "/check.json", dump_document(check));
    write_ci_outputs(o.ci, check, commands_stopped);
  } catch (const std::exception& e) {
    std::cerr << "mpconform: " << e.what() << "\n";
    return 2;
  }
  std::cout << "reports: " << o.report_dir << "/{check.json,results.json,junit.xml,summary.md,report.html}\n";
  if (results.size() != cells.size()) {
    std::cerr << "mpconform: interrupted: " << results.size() << " of " << cells.size()
              << " cells finished; results.json is marked incomplete\n";
    return 128 + interrupt_signal();
  }
  return check_exit_status(check);
}

}  // namespace mpc::cli
