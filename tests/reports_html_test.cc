// report.html is opened from disk by people and CI artifact viewers: it must hold
// the documents exactly, let nothing a case printed become markup or end its data
// block, and fetch nothing from anywhere.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "html_report.h"

using nlohmann::json;

namespace {

json make_cell(const std::string& case_id, const std::string& method, const std::string& verdict,
               const std::string& outcome, const std::string& stdout_text = "") {
  return {{"case", case_id}, {"method", method}, {"resolved_method", method}, {"exe_mode", "python"},
          {"python", {{"version", "3.11.2"}, {"executable", "/usr/bin/python3.11"}}},
          {"outcome", outcome}, {"observations", json::object()}, {"expected", {"ok"}},
          {"verdict", verdict}, {"reason", ""}, {"duration_s", 0.25}, {"claim_holds", nullptr},
          {"evidence", {{"end", "exited"},
                        {"stdout", {{"text", stdout_text}, {"bytes", stdout_text.size()}, {"truncated", false}}},
                        {"stderr", {{"text", ""}, {"bytes", 0}, {"truncated", false}}}}}};
}

json make_doc(std::vector<json> cells) {
  return {{"schema", 1},
          {"run", {{"methods", {"fork", "spawn", "forkserver", "default"}}, {"complete", true}}},
          {"cases", {{"a", {{"title", "A case"}, {"claim", "It works."}, {"tags", {"t"}}}}}},
          {"cells", cells}};
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// The text of <script type="application/json" id="ID">, as a browser would cut it:
// up to the first "</script" after its start tag.
std::string script_block(const std::string& html, const std::string& id) {
  const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  const auto start = html.find(open);
  if (start == std::string::npos) return "";
  const auto begin = start + open.size();
  return html.substr(begin, html.find("</script", begin) - begin);
}

}  // namespace

TEST(HtmlReportTest, EmbedsTheResultsDocumentExactly) {
  const json doc = make_doc({make_cell("a", "fork", "PASS", "ok", "line 1\nline 2 \xc3\xa9\n"),
                             make_cell("a", "spawn", "FAIL", "pickling-error")});
  const std::string html = render_html_report(doc, nullptr);
  EXPECT_EQ(json::parse(script_block(html, "mpconform-results")), doc);
  EXPECT_EQ(script_block(html, "mpconform-comparison"), "null");
}

TEST(HtmlReportTest, CaseOutputCannotEndTheDataBlockOrOpenAComment) {
  const std::string hostile = "</script><script>alert(1)</script><!--<script>";
  const json doc = make_doc({make_cell("a", "fork", "FAIL", "ok", hostile)});
  const std::string html = render_html_report(doc, nullptr);
  const std::string empty = render_html_report(make_doc({}), nullptr);
  // Only the page's own script elements end: the hostile text added none.
  EXPECT_EQ(count(html, "</script"), count(empty, "</script"));
  EXPECT_EQ(count(html, "<!--"), count(empty, "<!--"));
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  // And the text survives, to be shown as text.
  EXPECT_EQ(json::parse(script_block(html, "mpconform-results"))["cells"][0]["evidence"]["stdout"]["text"], hostile);
}

TEST(HtmlReportTest, EmbedsTheComparisonWhenGiven) {
  const json cmp = {{"a", "3.13.0"}, {"b", "3.14.0"}, {"matched", 1},
                    {"changed", {{{"case", "a"}, {"method", "default"}, {"reason", "</script> default method fork -> forkserver"}}}},
                    {"intermittent", json::array()}, {"only_a", json::array()}, {"only_b", json::array()}};
  const std::string html = render_html_report(make_doc({}), &cmp);
  EXPECT_EQ(json::parse(script_block(html, "mpconform-comparison")), cmp);
}

TEST(HtmlReportTest, InvalidUtf8InOutputStillRenders) {
  const json doc = make_doc({make_cell("a", "fork", "PASS", "ok", std::string("bad \xff\xfe bytes"))});
  std::string html;
  ASSERT_NO_THROW(html = render_html_report(doc, nullptr));
  const json back = json::parse(script_block(html, "mpconform-results"));
  EXPECT_EQ(back["cells"][0]["evidence"]["stdout"]["text"], "bad \xef\xbf\xbd\xef\xbf\xbd bytes");
}

TEST(HtmlReportTest, MarkersInsideTheDocumentsAreNotFilledIn) {
  const json doc = make_doc({make_cell("a", "fork", "PASS", "ok", "@MPCONFORM_JS@ @MPCONFORM_RESULTS@")});
  const std::string html = render_html_report(doc, nullptr);
  EXPECT_EQ(json::parse(script_block(html, "mpconform-results"))["cells"][0]["evidence"]["stdout"]["text"],
            "@MPCONFORM_JS@ @MPCONFORM_RESULTS@");
  EXPECT_EQ(count(html, "@MPCONFORM_"), 2u);  // only those two, as data
}

TEST(HtmlReportTest, FetchesNothingFromAnywhere) {
  const std::string html = render_html_report(make_doc({make_cell("a", "fork", "PASS", "ok")}), nullptr);
  for (const char* external : {"http://", "https://", "<link", " src=", "@import", "url(", "fetch(",
                               "XMLHttpRequest", "WebSocket", "//cdn"})
    EXPECT_EQ(html.find(external), std::string::npos) << external;
}

TEST(HtmlReportTest, ScriptInsertsDocumentTextOnlyAsText) {
  const std::string html = render_html_report(make_doc({}), nullptr);
  for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                           "new Function", "setAttribute('on", "DOMParser"})
    EXPECT_EQ(html.find(sink), std::string::npos) << sink;
  EXPECT_NE(html.find("textContent"), std::string::npos);
}

TEST(HtmlReportTest, TitleCountsCellsAndFailures) {
  const json doc = make_doc({make_cell("a", "fork", "PASS", "ok"), make_cell("a", "spawn", "FAIL", "ok")});
  EXPECT_NE(render_html_report(doc, nullptr).find("<title>mpconform: 2 cells, 1 FAIL</title>"), std::string::npos);
}

TEST(HtmlReportTest, WritesReportHtmlAtomicallyIntoANewFolder) {
  namespace fs = std::filesystem;
  char tmpl[] = "/tmp/mpconform-html-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = std::string(tmpl) + "/reports";
  const json doc = make_doc({make_cell("a", "fork", "PASS", "ok")});
  write_html_report(dir, doc, nullptr);
  std::ifstream in(dir + "/report.html");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), render_html_report(doc, nullptr));
  // Nothing but the report is left: the temporary file was renamed.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(tmpl);
}

TEST(HtmlReportTest, UnwritableFolderIsAnErrorNamingThePath) {
  try {
    write_html_report("/proc/mpconform-cannot-be-here", make_doc({}), nullptr);
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/mpconform-cannot-be-here"), std::string::npos) << e.what();
  }
}
