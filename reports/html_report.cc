#include "html_report.h"

#include <filesystem>
#include <string_view>

#include "html_templates.h"  // generated from templates/ by templates/embed.cmake
#include "internal/html_escape.h"
#include "internal/tally.h"
#include "results.h"         // mpc::write_file_atomically

namespace {

using nlohmann::json;
using namespace mpconform::reports;

// The page's <title>: what a browser tab or a bookmark needs to tell runs apart.
std::string title(const json& results) {
  const Tally t = tally(results);
  std::string s = "mpconform: " + std::to_string(t.cells) + " cells, " + std::to_string(t.fail) + " FAIL";
  if (!t.complete) s += " (interrupted)";
  return s;
}

}  // namespace

std::string render_html_report(const json& results, const json* comparison) {
  const std::string_view page(kReportHtml, sizeof kReportHtml - 1);
  const std::pair<std::string_view, std::string> fills[] = {
      {"@MPCONFORM_TITLE@", html_text(title(results))},
      {"@MPCONFORM_CSS@", std::string(kReportCss, sizeof kReportCss - 1)},
      {"@MPCONFORM_JS@", std::string(kReportJs, sizeof kReportJs - 1)},
      {"@MPCONFORM_RESULTS@", script_json(results)},
      {"@MPCONFORM_COMPARISON@", comparison ? script_json(*comparison) : std::string("null")},
  };
  // One pass over the skeleton: a marker that a document happens to contain is
  // data, never filled in.
  std::string out;
  out.reserve(page.size() + fills[3].second.size() + fills[4].second.size() + 65536);
  size_t pos = 0;
  while (pos < page.size()) {
    const size_t at = page.find("@MPCONFORM_", pos);
    if (at == std::string_view::npos) break;
    out.append(page, pos, at - pos);
    bool filled = false;
    for (const auto& [marker, text] : fills) {
      if (page.compare(at, marker.size(), marker) == 0) {
        out += text;
        pos = at + marker.size();
        filled = true;
        break;
      }
    }
    if (!filled) {
      out += page[at];
      pos = at + 1;
    }
  }
  out.append(page, pos, std::string_view::npos);
  return out;
}

void write_html_report(const std::string& dir, const json& results, const json* comparison) {
  std::filesystem::create_directories(dir);
  mpc::write_file_atomically(dir + "/report.html", render_html_report(results, comparison));
}
