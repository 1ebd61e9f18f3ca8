#include "claims_command.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "claims_report.h"
#include "documents.h"

namespace mpc::cli {

void add_claims_command(CLI::App& app, ClaimsOptions& o, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("claims", "Show where each documented claim holds and where it does not");
  cmd->add_option("results", o.results, "A results.json (default: mpconform-reports/results.json)");
  cmd->callback([&o, &exit_code] {
    try {
      std::cout << render_claims_terminal(load_document(o.results));
      exit_code = 0;
    } catch (const std::exception& e) {
      std::cerr << "mpconform claims: " << e.what() << " (run `mpconform run` first, or name a results.json)\n";
      exit_code = 2;
    }
  });
}

}  // namespace mpc::cli
