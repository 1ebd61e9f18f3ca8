// junit.xml must load in every CI system whatever the cases printed, and must
// count and classify cells exactly as results.json does.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <locale>
#include <set>
#include <unistd.h>
#include <vector>

#include "junit.h"

using nlohmann::json;

namespace {

json make_cell(const std::string& case_id, const std::string& method, const std::string& verdict,
               const std::string& outcome, std::vector<std::string> expected,
               const std::string& version = "3.11.2", const std::string& exe_mode = "python") {
  return {{"case", case_id}, {"method", method}, {"resolved_method", method}, {"exe_mode", exe_mode},
          {"python", {{"version", version}, {"executable", "/usr/bin/python" + version.substr(0, 4)}}},
          {"outcome", outcome}, {"observations", json::object()}, {"expected", expected},
          {"verdict", verdict}, {"reason", verdict == "FAIL" ? "outcome not allowed" : ""},
          {"duration_s", 0.25},
          {"evidence", {{"end", "exited"},
                        {"stdout", {{"text", "out\n"}, {"bytes", 4}, {"truncated", false}}},
                        {"stderr", {{"text", "err\n"}, {"bytes", 4}, {"truncated", false}}}}}};
}

json make_doc(std::vector<json> cells) {
  return {{"schema", 1},
          {"run", {{"methods", {"fork", "spawn", "forkserver", "default"}}, {"duration_s", 2.5},
                   {"complete", true}, {"started", "2026-11-22T19:50:00Z"}}},
          {"cases", json::object()},
          {"cells", cells}};
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// Code point at s[pos] (advancing pos), or -1 for invalid UTF-8.
long next_code_point(const std::string& s, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(s[pos++]);
  if (lead < 0x80) return lead;
  int len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (len == 0 || pos + len - 1 > s.size()) return -1;
  long cp = lead & (0x7F >> len);
  for (int i = 1; i < len; ++i) {
    const auto byte = static_cast<unsigned char>(s[pos++]);
    if ((byte & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte & 0x3F);
  }
  return cp;
}

bool xml_char(long cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || std::string("-_.:").find(c) != std::string::npos; }

// Checks the entity or character reference at s[pos] == '&'; moves past it.
bool reference_ok(const std::string& s, std::size_t& pos) {
  const auto end = s.find(';', pos);
  if (end == std::string::npos) return false;
  const std::string ref = s.substr(pos + 1, end - pos - 1);
  pos = end + 1;
  static const std::set<std::string> named{"amp", "lt", "gt", "quot", "apos"};
  if (named.count(ref)) return true;
  if (ref.size() < 2 || ref[0] != '#') return false;
  const bool hex = ref[1] == 'x';
  const std::string digits = ref.substr(hex ? 2 : 1);
  if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos) return false;
  return xml_char(std::stol(digits, nullptr, hex ? 16 : 10));
}

// "" when `xml` is well-formed in the ways these reports can get wrong: valid
// UTF-8 of XML 1.0 characters only, one root, balanced and nested tags, quoted
// unique attributes without '<', and only known entity references.
std::string xml_problem(const std::string& xml) {
  for (std::size_t pos = 0; pos < xml.size();) {
    const std::size_t at = pos;
    if (!xml_char(next_code_point(xml, pos))) return "forbidden or invalid character at byte " + std::to_string(at);
  }
  std::size_t pos = 0;
  if (xml.rfind("<?xml", 0) == 0) pos = xml.find("?>") + 2;
  std::vector<std::string> open;
  int roots = 0;
  while (pos < xml.size()) {
    const char c = xml[pos];
    if (c == '&') {
      if (!reference_ok(xml, pos)) return "bad reference at byte " + std::to_string(pos);
      continue;
    }
    if (c != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(c))) return "text outside the root";
      if (xml.compare(pos, 3, "]]>") == 0) return "]]> in text";
      ++pos;
      continue;
    }
    if (xml.compare(pos, 4, "<!--") == 0) {
      pos = xml.find("-->", pos);
      if (pos == std::string::npos) return "unclosed comment";
      pos += 3;
      continue;
    }
    const bool closing = xml[pos + 1] == '/';
    pos += closing ? 2 : 1;
    std::size_t name_end = pos;
    while (name_end < xml.size() && name_char(xml[name_end])) ++name_end;
    const std::string name = xml.substr(pos, name_end - pos);
    if (name.empty()) return "empty tag name at byte " + std::to_string(pos);
    pos = name_end;
    if (closing) {
      if (open.empty() || open.back() != name) return "unbalanced </" + name + ">";
      open.pop_back();
      if (xml[pos] != '>') return "junk in </" + name + ">";
      ++pos;
      continue;
    }
    std::set<std::string> attributes;
    while (true) {
      while (pos < xml.size() && std::isspace(static_cast<unsigned char>(xml[pos]))) ++pos;
      if (pos >= xml.size()) return "unterminated <" + name + ">";
      if (xml[pos] == '>' || xml.compare(pos, 2, "/>") == 0) break;
      std::size_t attr_end = pos;
      while (attr_end < xml.size() && name_char(xml[attr_end])) ++attr_end;
      const std::string attr = xml.substr(pos, attr_end - pos);
      if (attr.empty() || !attributes.insert(attr).second) return "bad or repeated attribute in <" + name + ">";
      pos = attr_end;
      if (xml[pos] != '=' || (xml[pos + 1] != '"' && xml[pos + 1] != '\'')) return "unquoted attribute " + attr;
      const char quote = xml[pos + 1];
      pos += 2;
      while (pos < xml.size() && xml[pos] != quote) {
        if (xml[pos] == '<') return "'<' in attribute " + attr;
        if (xml[pos] == '&') {
          if (!reference_ok(xml, pos)) return "bad reference in attribute " + attr;
        } else {
          ++pos;
        }
      }
      ++pos;
    }
    if (open.empty() && ++roots > 1) return "more than one root";
    if (xml[pos] == '/') {
      pos += 2;
    } else {
      open.push_back(name);
      ++pos;
    }
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return roots == 1 ? "" : "no root element";
}

// Every byte a misbehaving case could print.
std::string hostile_bytes() {
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes += static_cast<char>(b);
  return bytes + "<tag attr=\"x\"> & ]]> &amp; \xED\xA0\x80 \xEF\xBF\xBF \xC3";
}

json failing_doc_with_hostile_output() {
  json cell = make_cell("case<&>\"'", "spawn", "FAIL", "exception:Error", {"ok"});
  cell["reason"] = hostile_bytes();
  cell["evidence"]["stdout"]["text"] = hostile_bytes();
  cell["evidence"]["stderr"]["text"] = hostile_bytes();
  cell["evidence"]["exception"] = {{"type", "Error"}, {"message", hostile_bytes()}};
  return make_doc({cell, make_cell("fine", "fork", "PASS", "ok", {"ok"})});
}

}  // namespace

TEST(XmlCheckTest, AcceptsASmallWellFormedDocument) {
  EXPECT_EQ(xml_problem("<?xml version=\"1.0\"?>\n<a x=\"1&amp;\"><b/>t&#10;</a>\n"), "");
}

TEST(XmlCheckTest, RejectsWhatAnXmlParserRejects) {
  EXPECT_NE(xml_problem("<a><b></a></b>"), "");
  EXPECT_NE(xml_problem("<a>\x01</a>"), "");
  EXPECT_NE(xml_problem("<a>&nbsp;</a>"), "");
  EXPECT_NE(xml_problem("<a>&#1;</a>"), "");
  EXPECT_NE(xml_problem("<a x=\"<\"/>"), "");
  EXPECT_NE(xml_problem("<a x=\"1\" x=\"2\"/>"), "");
  EXPECT_NE(xml_problem("<a>\xFF</a>"), "");
  EXPECT_NE(xml_problem("<a/><b/>"), "");
}

TEST(JunitTest, HostileOutputStillGivesWellFormedXml) {
  EXPECT_EQ(xml_problem(render_junit(failing_doc_with_hostile_output())), "");
}

TEST(JunitTest, XmllintAcceptsTheOutput) {
  if (access("/usr/bin/xmllint", X_OK) != 0) GTEST_SKIP() << "xmllint not installed";
  const std::string path = testing::TempDir() + "reports_junit_test.xml";
  std::ofstream(path) << render_junit(failing_doc_with_hostile_output());
  EXPECT_EQ(std::system(("/usr/bin/xmllint --noout " + path + " 2>&1").c_str()), 0);
  std::remove(path.c_str());
}

TEST(JunitTest, ControlCharactersInStderrAreStripped) {
  json cell = make_cell("c", "fork", "FAIL", "deadlock", {"ok"});
  cell["evidence"]["stderr"]["text"] = std::string("before\x1b[31mred\x1b[0m\x07\x01" "after");
  const std::string xml = render_junit(make_doc({cell}));
  EXPECT_EQ(xml.find('\x1b'), std::string::npos);
  EXPECT_EQ(xml.find('\x07'), std::string::npos);
  EXPECT_NE(xml.find("beforeredafter"), std::string::npos);
}

TEST(JunitTest, InvalidUtf8BecomesReplacementCharacter) {
  json cell = make_cell("c", "fork", "PASS", "ok", {"ok"});
  // nlohmann::json holds raw bytes; a writer that passed them through must not break us.
  cell["evidence"]["stdout"]["text"] = std::string("x\xFFy");
  EXPECT_NE(render_junit(make_doc({cell})).find("x\xEF\xBF\xBDy"), std::string::npos);
}

TEST(JunitTest, FailCellBecomesExactlyOneFailureElement) {
  const std::string xml = render_junit(make_doc({make_cell("c", "spawn", "FAIL", "deadlock", {"ok"}),
                                                 make_cell("c", "fork", "PASS", "ok", {"ok"})}));
  EXPECT_EQ(count(xml, "<failure "), 1u);
  EXPECT_EQ(count(xml, "<error "), 0u);
  EXPECT_NE(xml.find("<failure message=\"expected ok, got deadlock\""), std::string::npos);
  EXPECT_NE(xml.find("outcome not allowed"), std::string::npos);  // the reason, in the body
}

TEST(JunitTest, HarnessErrorBecomesErrorNotFailure) {
  json cell = make_cell("bad", "fork", "FAIL", "harness-error", {});
  cell["evidence"]["harness_error"] = {{"file", "cases/bad.py"}, {"line", 7}, {"message", "unknown outcome"}};
  const std::string xml = render_junit(make_doc({cell}));
  EXPECT_EQ(count(xml, "<failure"), 0u);
  EXPECT_EQ(count(xml, "<error "), 1u);
  EXPECT_NE(xml.find("cases/bad.py:7: unknown outcome"), std::string::npos);
  EXPECT_NE(xml.find("errors=\"1\""), std::string::npos);
}

TEST(JunitTest, NewCellPassesAndReportsItsOutcome) {
  const std::string xml = render_junit(make_doc({make_cell("c", "fork", "NEW", "deadlock", {})}));
  EXPECT_EQ(count(xml, "<failure"), 0u);
  EXPECT_EQ(count(xml, "<skipped"), 0u);
  EXPECT_NE(xml.find("<system-out>mpconform: NEW (no expectation); outcome deadlock"), std::string::npos);
}

TEST(JunitTest, ExpectedUnsupportedMethodIsSkipped) {
  const std::string xml = render_junit(make_doc({make_cell("c", "fork", "PASS", "unsupported", {"unsupported"})}));
  EXPECT_EQ(count(xml, "<skipped "), 1u);
  EXPECT_NE(xml.find("skipped=\"1\""), std::string::npos);
}

TEST(JunitTest, CountsAndTimesMatchTheCells) {
  const std::string xml = render_junit(make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}),
                                                 make_cell("a", "spawn", "FAIL", "timeout", {"ok"}),
                                                 make_cell("b", "fork", "NEW", "ok", {})}));
  EXPECT_NE(xml.find("<testsuites name=\"mpconform\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"2.500\">"),
            std::string::npos);
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0.750\""), std::string::npos);
  EXPECT_EQ(count(xml, "<testcase "), 3u);
  EXPECT_NE(xml.find("<testcase classname=\"a\" name=\"spawn [python 3.11.2]\" time=\"0.250\""), std::string::npos);
}

TEST(JunitTest, OneSuitePerInterpreter) {
  const std::string xml = render_junit(make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}, "3.11.2"),
                                                 make_cell("a", "fork", "PASS", "ok", {"ok"}, "3.13.1")}));
  EXPECT_EQ(count(xml, "<testsuite "), 2u);
  EXPECT_NE(xml.find("name=\"fork [python 3.13.1]\""), std::string::npos);
}

TEST(JunitTest, TestcaseNamesStayUniqueAcrossExeModes) {
  const std::string xml = render_junit(make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"}, "3.11.2", "python"),
                                                 make_cell("a", "fork", "PASS", "ok", {"ok"}, "3.11.2", "host")}));
  EXPECT_NE(xml.find("name=\"fork [python 3.11.2, python]\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"fork [python 3.11.2, host]\""), std::string::npos);
}

TEST(JunitTest, LongOutputKeepsOnlyItsTail) {
  json cell = make_cell("c", "fork", "PASS", "ok", {"ok"});
  cell["evidence"]["stderr"]["text"] = std::string(200 * 1024, 'x') + "\nTHE END\n";
  const std::string xml = render_junit(make_doc({cell}));
  EXPECT_LT(xml.size(), 80u * 1024);
  EXPECT_NE(xml.find("THE END"), std::string::npos);
  EXPECT_NE(xml.find("bytes omitted]"), std::string::npos);
}

namespace {
struct CommaDecimal : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
};
}  // namespace

TEST(JunitTest, TimesUseADecimalPointWhateverTheGlobalLocale) {
  const std::locale previous = std::locale::global(std::locale(std::locale::classic(), new CommaDecimal));
  const std::string xml = render_junit(make_doc({make_cell("a", "fork", "PASS", "ok", {"ok"})}));
  std::locale::global(previous);
  EXPECT_NE(xml.find("time=\"0.250\""), std::string::npos);
  EXPECT_EQ(xml.find("time=\"0,250\""), std::string::npos);
}

TEST(JunitTest, EmptyDocumentIsStillValid) {
  const std::string xml = render_junit(json::object());
  EXPECT_EQ(xml_problem(xml), "");
  EXPECT_NE(xml.find("tests=\"0\""), std::string::npos);
}

TEST(JunitTest, OddlyTypedFieldsRenderInsteadOfThrowing) {
  json cell = make_cell("a", "fork", "FAIL", "deadlock", {"ok"});
  cell["python"] = "3.11";
  cell["expected"] = "ok";
  cell["duration_s"] = nullptr;
  cell["evidence"] = {{"stderr", 5}, {"harness_error", {1, 2}}, {"exception", nullptr}};
  const json doc = {{"run", {{"methods", nullptr}, {"complete", "yes"}}}, {"cases", 3}, {"cells", {cell, 7, nullptr}}};
  std::string xml;
  EXPECT_NO_THROW(xml = render_junit(doc));
  EXPECT_EQ(xml_problem(xml), "");
  EXPECT_EQ(count(xml, "<failure "), 1u);
}
