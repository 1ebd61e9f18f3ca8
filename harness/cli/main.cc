// mpconform: a conformance harness for the start methods of Python's multiprocessing.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

#include "check_command.h"
#include "claims_command.h"
#include "compare_command.h"
#include "list_command.h"
#include "repro_command.h"
#include "run_command.h"

int main(int argc, char** argv) {
  // A reader that goes away (`mpconform run | head`) must not end the run before its
  // reports are written: writes to it fail instead. Cells get the default back
  // (ChildSetup in supervisor_posix.cc), as under a shell.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"mpconform: what each multiprocessing start method really does, case by case"};
  app.require_subcommand(1);
  app.set_version_flag("--version", MPCONFORM_VERSION);
  int exit_code = 0;
  mpc::cli::RunOptions run;
  run.command_line.assign(argv, argv + argc);
  mpc::cli::ListOptions list;
  mpc::cli::add_run_command(app, run, exit_code);
  mpc::cli::add_list_command(app, list, exit_code);
  mpc::cli::DocumentsOptions compare, merge;
  mpc::cli::add_compare_command(app, compare, exit_code);
  mpc::cli::add_merge_command(app, merge, exit_code);
  mpc::cli::ReproOptions repro;
  repro.command_line.assign(argv, argv + argc);
  mpc::cli::add_repro_command(app, repro, exit_code);
  mpc::cli::CheckOptions check;
  check.command_line.assign(argv, argv + argc);
  mpc::cli::add_check_command(app, check, exit_code);
  mpc::cli::ClaimsOptions claims;
  mpc::cli::add_claims_command(app, claims, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 2, like other Unix tools; --help and --version exit 0.
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
