#include "compare_command.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "compare.h"
#include "compare_report.h"
#include "documents.h"
#include "merge.h"

namespace mpc::cli {
namespace {

// Exit status like diff(1): 0 the same, 1 changed, 2 trouble.
int compare_command(const DocumentsOptions& o) {
  try {
    const nlohmann::json cmp = compare_documents(load_document(o.files[0]), load_document(o.files[1]));
    std::cout << render_compare_terminal(cmp);
    write_compare_reports(o.report_dir, cmp);
    std::cout << "reports: " << o.report_dir << "/{compare.json,compare.md}\n";
    return cmp["changed"].empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "mpconform compare: " << e.what() << "\n";
    return 2;
  }
}

int merge_command(const DocumentsOptions& o) {
  try {
    std::vector<nlohmann::json> docs;
    for (const auto& f : o.files) docs.push_back(load_document(f));
    const nlohmann::json merged = merge_documents(docs);
    print_matrix(merged);
    write_run_reports(o.report_dir, merged);
    std::cout << "reports: " << o.report_dir << "/{results.json,junit.xml,summary.md,claims.md,report.html}\n";
    return merged["run"]["counts"]["FAIL"].get<int>() > 0 ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "mpconform merge: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

void add_compare_command(CLI::App& app, DocumentsOptions& o, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("compare", "Show the cells whose outcome differs between two results.json");
  cmd->add_option("before", o.files, "Two results.json documents: before and after")
      ->required()->expected(2)->check(CLI::ExistingFile);
  cmd->add_option("--report-dir", o.report_dir, "Where compare.json and compare.md go");
  cmd->callback([&o, &exit_code] { exit_code = compare_command(o); });
}

void add_merge_command(CLI::App& app, DocumentsOptions& o, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("merge", "Join results.json documents (shards, machines) into one report");
  cmd->add_option("documents", o.files, "results.json documents")->required()->check(CLI::ExistingFile);
  cmd->add_option("--report-dir", o.report_dir, "Where results.json, junit.xml and summary.md go");
  cmd->callback([&o, &exit_code] { exit_code = merge_command(o); });
}

}  // namespace mpc::cli
