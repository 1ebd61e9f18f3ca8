#include "junit.h"

#include "internal/cell_view.h"
#include "internal/json_fields.h"
#include "internal/matrix.h"
#include "internal/printable.h"
#include "internal/tail.h"
#include "internal/tally.h"
#include "internal/xml_escape.h"

using namespace mpconform::reports;

namespace {

// Big enough for a long traceback, small enough that CI UIs stay responsive.
constexpr std::size_t kStreamCap = 64 * 1024;
// The failure body repeats only the end of stderr; the whole is in system-err.
constexpr std::size_t kFailureLines = 30;
constexpr std::size_t kFailureBytes = 4096;

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
};

std::string counts_attributes(const Counts& c, double seconds) {
  return " tests=\"" + std::to_string(c.tests) + "\" failures=\"" + std::to_string(c.failures) +
         "\" errors=\"" + std::to_string(c.errors) + "\" skipped=\"" + std::to_string(c.skipped) +
         "\" time=\"" + fixed(seconds, 3) + "\"";
}

std::string element(const char* name, const std::string& attributes, const std::string& body) {
  return std::string("      <") + name + attributes + ">" + xml_text(body) + "</" + name + ">\n";
}

// What a reader of a red test needs first: why, then the last thing it printed.
std::string failure_body(const CellView& cell) {
  std::string body;
  if (!cell.reason.empty()) body += "reason: " + cell.reason + "\n";
  body += "outcome: " + cell.outcome + "\n";
  body += "expected: " + (cell.expected.empty() ? "(none)" : expected_text(cell)) + "\n";
  if (auto error = harness_error_text(cell); !error.empty()) body += "harness error: " + error + "\n";
  if (auto exception = exception_text(cell); !exception.empty()) body += "exception: " + exception + "\n";
  const std::string stderr_text = printable_text(captured_text(cell, "stderr"));
  if (!stderr_text.empty()) {
    body += "stderr (end):\n" + tail_bytes(tail_lines(stderr_text, kFailureLines), kFailureBytes);
  }
  return body;
}

std::string verdict_line(const CellView& cell) {
  std::string line = "mpconform: " + cell.verdict + (cell.verdict == "NEW" ? " (no expectation)" : "");
  line += "; outcome " + cell.outcome;
  if (!cell.expected.empty()) line += "; expected " + expected_text(cell);
  line += "; method " + cell.method;
  if (!cell.resolved_method.empty() && cell.resolved_method != cell.method) {
    line += " (" + cell.resolved_method + ")";
  }
  if (!cell.exe_mode.empty()) line += "; exe mode " + cell.exe_mode;
  return line + "\n";
}

std::string stream_text(const CellView& cell, const char* stream) {
  std::string text = tail_bytes(captured_text(cell, stream), kStreamCap);
  if (captured_truncated(cell, stream)) text.insert(0, "[harness capture cap reached]\n");
  return text;
}

std::string testcase(const nlohmann::json& results, const MatrixTable& table,
                     const CellView& cell, Counts& counts) {
  const std::string file = get_string(get_field(get_field(results, "cases"), cell.case_id.c_str()), "file");
  std::string out = "    <testcase classname=\"" + xml_attribute(cell.case_id) + "\" name=\"" +
                    xml_attribute(cell.method + " [" + table.label + "]") + "\" time=\"" +
                    fixed(cell.duration_s, 3) + "\"" +
                    (file.empty() ? "" : " file=\"" + xml_attribute(file) + "\"") + ">\n";
  ++counts.tests;
  counts.seconds += cell.duration_s;
  const std::string type = " type=\"" + xml_attribute(cell.outcome) + "\"";
  if (cell.is_fail() && cell.outcome == "harness-error") {
    ++counts.errors;
    const std::string error = harness_error_text(cell);
    const std::string message = "harness-error" + (error.empty() ? "" : ": " + error);
    out += element("error", " message=\"" + xml_attribute(message) + "\"" + type, failure_body(cell));
  } else if (cell.is_fail()) {
    ++counts.failures;
    out += element("failure", " message=\"" + xml_attribute(failure_summary(cell)) + "\"" + type,
                   failure_body(cell));
  } else if (cell.outcome == "unsupported") {
    ++counts.skipped;
    // The runner's reason (a missing start method or module); older documents lack it.
    std::string why = cell.json ? get_string(get_field(*cell.json, "evidence"), "because") : "";
    if (why.empty()) why = "start method " + cell.method + " unsupported here";
    out += "      <skipped message=\"" + xml_attribute(why) + "\"/>\n";
  }
  out += element("system-out", "", verdict_line(cell) + stream_text(cell, "stdout"));
  const std::string err = stream_text(cell, "stderr");
  if (!err.empty()) out += element("system-err", "", err);
  return out + "    </testcase>\n";
}

std::string property(const char* name, const std::string& value) {
  return std::string("      <property name=\"") + name + "\" value=\"" + xml_attribute(value) + "\"/>\n";
}

std::string testsuite(const nlohmann::json& results, const MatrixTable& table, Counts& total) {
  Counts counts;
  std::string cases;
  for (const auto& case_id : table.cases) {
    for (const auto& method : table.methods) {
      if (const CellView* cell = table.find(case_id, method)) cases += testcase(results, table, *cell, counts);
    }
  }
  total.tests += counts.tests, total.failures += counts.failures;
  total.errors += counts.errors, total.skipped += counts.skipped;
  const std::string started = get_string(get_field(results, "run"), "started");
  return "  <testsuite name=\"" + xml_attribute("mpconform [" + table.label + "]") + "\"" +
         counts_attributes(counts, counts.seconds) +
         (started.empty() ? "" : " timestamp=\"" + xml_attribute(started) + "\"") + ">\n" +
         "    <properties>\n" + property("python.version", table.version) +
         property("python.executable", table.executable) + property("exe_mode", table.exe_mode) +
         "    </properties>\n" + cases + "  </testsuite>\n";
}

}  // namespace

std::string render_junit(const nlohmann::json& results) {
  Counts total;
  std::string suites;
  for (const auto& table : build_matrix(results)) suites += testsuite(results, table, total);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mpconform\"" +
         counts_attributes(total, tally(results).duration_s) + ">\n" + suites + "</testsuites>\n";
}
