#include "documents.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "claims_report.h"
#include "compare_report.h"
#include "html_report.h"
#include "junit.h"
#include "results.h"
#include "summary_md.h"
#include "terminal_matrix.h"

namespace mpc::cli {
namespace {

// A terminal's own width; logs and pipes get room for the longest outcome words.
size_t terminal_width(bool tty) {
  winsize w{};
  if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col >= 40) return w.ws_col;
  return 160;
}

}  // namespace

nlohmann::json load_document(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the file");
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded()) throw std::runtime_error(path + ": not valid JSON");
  if (!doc.is_object() || doc.value("schema", 0) != 1 || !doc.contains("cells") || !doc["cells"].is_array())
    throw std::runtime_error(path + ": not an mpconform results document (schema 1)");
  return doc;
}

// Strings from case files (titles, error messages quoting a key, file names) may
// be any bytes; invalid UTF-8 becomes U+FFFD instead of an exception that lost the
// whole run's results (found by the sanitizer test's malformed cases).
std::string dump_document(const nlohmann::json& doc) {
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_run_reports(const std::string& dir, const nlohmann::json& doc) {
  std::filesystem::create_directories(dir);
  remove_stale_temporaries(dir);
  write_file_atomically(dir + "/results.json", dump_document(doc));
  write_file_atomically(dir + "/junit.xml", render_junit(doc));
  write_file_atomically(dir + "/summary.md", render_summary_md(doc));
  write_file_atomically(dir + "/claims.md", render_claims_md(doc));
  write_html_report(dir, doc, nullptr);
}

void write_compare_reports(const std::string& dir, const nlohmann::json& comparison) {
  std::filesystem::create_directories(dir);
  write_file_atomically(dir + "/compare.json", dump_document(comparison));
  write_file_atomically(dir + "/compare.md", render_compare_md(comparison));
}

void print_matrix(const nlohmann::json& doc) {
  const bool tty = isatty(STDOUT_FILENO);
  std::cout << render_terminal_matrix(doc, tty && !std::getenv("NO_COLOR"), terminal_width(tty));
  std::cout << render_failures(doc);
}

}  // namespace mpc::cli
