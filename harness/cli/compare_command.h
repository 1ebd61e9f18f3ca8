// `mpconform compare A.json B.json`: the cells whose outcome differs, grouped by
// case, each with its reason; and `mpconform merge`, which joins documents.
#pragma once
#include <string>
#include <vector>

namespace CLI { class App; }

namespace mpc::cli {

struct DocumentsOptions {
  std::vector<std::string> files;
  std::string report_dir = "mpconform-reports";
};

void add_compare_command(CLI::App& app, DocumentsOptions& options, int& exit_code);
void add_merge_command(CLI::App& app, DocumentsOptions& options, int& exit_code);

}  // namespace mpc::cli
