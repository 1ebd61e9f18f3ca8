#include "github_annotations.h"

#include "internal/printable.h"
#include "internal/utf8.h"
#include "internal/workflow_command_escape.h"

using mpconform::reports::escape_command_data;
using mpconform::reports::escape_command_property;
using mpconform::reports::fit_width;
using mpconform::reports::printable_text;

namespace mpc {
namespace {

// A cause may quote a long line of the program's output; an annotation shows a
// few lines, and the summary and check.json have the rest.
constexpr size_t kMessageColumns = 4000;

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The message: the sentence, where it was found, what else is involved, the fix.
std::string message(const Finding& f) {
  std::string m = fit_width(printable_text(f.message), kMessageColumns) + "\nIn: " + joined(f.cells);
  if (!f.default_on.empty()) m += " (the default on " + joined(f.default_on) + ")";
  for (const auto& r : f.related) m += "\nAlso " + r.what + " at " + r.file + ":" + std::to_string(r.line);
  if (!f.remedy.empty()) m += "\nRemedy: " + f.remedy;
  return m;
}

std::string annotation(const char* command, const Finding& f) {
  std::string props;
  if (!f.where.file.empty()) {
    props += "file=" + escape_command_property(f.where.file);
    if (f.where.line > 0) props += ",line=" + std::to_string(f.where.line);
  }
  const std::string title = std::string("mpconform: ") + finding_rule(f.rule).title;
  props += (props.empty() ? "" : ",") + std::string("title=") + escape_command_property(printable_text(title));
  // printable_text: a control character or an escape sequence from a program's
  // output must not reach the log raw.
  return std::string("::") + command + " " + props + "::" + escape_command_data(printable_text(message(f))) + "\n";
}

}  // namespace

std::string render_github_annotations(const std::vector<Finding>& findings, size_t per_kind) {
  std::string out;
  size_t errors = 0, warnings = 0, more_errors = 0, more_warnings = 0;
  // Breaks come before hazards in `findings`: the first of each are the most important.
  for (const Finding& f : findings) {
    const bool is_break = f.level == FindingLevel::kBreak;
    size_t& shown = is_break ? errors : warnings;
    if (shown < per_kind) {
      out += annotation(is_break ? "error" : "warning", f);
      ++shown;
    } else {
      ++(is_break ? more_errors : more_warnings);
    }
  }
  if (more_errors + more_warnings > 0) {
    std::string more;
    if (more_errors) more = plural(more_errors, "more break", "more breaks");
    if (more_warnings) more += (more.empty() ? "" : " and ") + plural(more_warnings, "more hazard", "more hazards");
    out += "::notice title=" + escape_command_property("mpconform: more findings") + "::" +
           escape_command_data(more + " than GitHub shows as annotations: the job summary and check.json have them all") +
           "\n";
  }
  return out;
}

}  // namespace mpc
