// `mpconform claims [results.json]`: for each documented claim, where it holds and
// where it does not, read from a results document.
#pragma once
#include <string>

namespace CLI { class App; }

namespace mpc::cli {

struct ClaimsOptions {
  std::string results = "mpconform-reports/results.json";
};

void add_claims_command(CLI::App& app, ClaimsOptions& options, int& exit_code);

}  // namespace mpc::cli
