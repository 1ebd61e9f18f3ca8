#include "check_ci_outputs.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>

#include "check_findings.h"
#include "check_job_summary.h"
#include "github_annotations.h"
#include "results.h"
#include "sarif.h"

namespace fs = std::filesystem;

namespace mpc::cli {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The folder GitHub links annotation and SARIF paths from: the checkout.
std::string workspace_root(const nlohmann::json& check) {
  std::string root = env("GITHUB_WORKSPACE");
  if (root.empty()) root = check.value("cwd", std::string());
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(root, ec);
  return ec ? root : real.string();
}

void append(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot append the job summary to " + path);
}

}  // namespace

WorkflowCommandsStopped::WorkflowCommandsStopped(bool github) {
  if (!github) return;
  std::random_device random;
  static const char* hex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) token_ += hex[random() % 16];
  std::cout << "::stop-commands::" << token_ << "\n" << std::flush;
}

void WorkflowCommandsStopped::resume() {
  if (token_.empty()) return;
  std::cout << "::" << token_ << "::\n" << std::flush;
  token_.clear();
}

void write_ci_outputs(const CiOutputs& o, const nlohmann::json& check, WorkflowCommandsStopped& stopped) {
  stopped.resume();
  if (!o.github && o.sarif_path.empty()) return;
  const std::string root = workspace_root(check);
  const auto findings = check_findings(check, root);
  if (o.github) {
    std::cout << render_github_annotations(findings) << std::flush;
    const std::string summary = env("GITHUB_STEP_SUMMARY");
    if (!summary.empty()) append(summary, render_check_job_summary(check, root) + "\n");
  }
  if (!o.sarif_path.empty()) {
    const std::string program = check.value("program", std::string());
    // A module (-m) is no file to point at.
    const std::string program_file =
        program.rfind("-m ", 0) == 0 ? "" : path_under_root(program, check.value("cwd", std::string()), root);
    const SarifTool tool{MPCONFORM_VERSION, MPCONFORM_HOMEPAGE};
    write_file_atomically(o.sarif_path, render_sarif(findings, tool, root, program_file).dump(2) + "\n");
  }
}

}  // namespace mpc::cli
