// Test helper: renders report.html from a results.json (and optionally a
// compare.json) with the same function the run command uses, so the browser test
// can also load pages built from documents it prepared.
//   render_report RESULTS.json [COMPARE.json] OUT_DIR
#include <fstream>
#include <iostream>

#include "html_report.h"

namespace {

nlohmann::json read_json(const char* path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string(path) + ": cannot read");
  return nlohmann::json::parse(in);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: render_report RESULTS.json [COMPARE.json] OUT_DIR\n";
    return 2;
  }
  try {
    const nlohmann::json results = read_json(argv[1]);
    if (argc == 4) {
      const nlohmann::json comparison = read_json(argv[2]);
      write_html_report(argv[3], results, &comparison);
    } else {
      write_html_report(argv[2], results, nullptr);
    }
  } catch (const std::exception& e) {
    std::cerr << "render_report: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
