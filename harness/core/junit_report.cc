#include "junit_report.h"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace pt = boost::property_tree;

namespace mpc {
namespace {

constexpr size_t kMaxFileBytes = 64u << 20;  // a suite's report, not a disk's worth

std::string attribute(const pt::ptree& node, const char* name) {
  return node.get<std::string>(std::string("<xmlattr>.") + name, "");
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) parts.push_back(part);
  return parts;
}

std::string dotted_module(const std::string& file) {
  std::string m = file;
  if (m.size() > 3 && m.compare(m.size() - 3, 3, ".py") == 0) m.resize(m.size() - 3);
  return replace_all(m, "/", ".");
}

std::string tail(const std::string& s, size_t n) { return s.size() <= n ? s : "..." + s.substr(s.size() - n); }

JunitTest read_testcase(const pt::ptree& tc) {
  JunitTest t;
  t.classname = attribute(tc, "classname");
  t.name = attribute(tc, "name");
  t.file = attribute(tc, "file");
  t.id = test_id(t.classname, t.name, t.file);
  for (const auto& [tag, child] : tc) {
    std::optional<TestOutcome> o;
    if (tag == "failure") o = TestOutcome::kFailed;
    else if (tag == "error") o = TestOutcome::kError;
    else if (tag == "skipped") o = TestOutcome::kSkipped;
    if (!o || *o >= t.outcome) continue;
    t.outcome = *o;
    t.message = attribute(child, "message");
    t.text = tail(child.data(), kMaxTestText);
  }
  return t;
}

// <testcase> elements anywhere below `node` (<testsuites><testsuite>..., or a
// bare <testsuite> as older pytest wrote).
void collect(const pt::ptree& node, std::vector<JunitTest>& out, std::map<std::string, size_t>& index) {
  for (const auto& [tag, child] : node) {
    if (tag == "testcase") {
      JunitTest t = read_testcase(child);
      auto [it, fresh] = index.emplace(t.id, out.size());
      if (fresh) out.push_back(std::move(t));
      else if (t.outcome < out[it->second].outcome) out[it->second] = std::move(t);  // keeps its place
    } else if (tag == "testsuite" || tag == "testsuites") {
      collect(child, out, index);
    }
  }
}

}  // namespace

const char* to_string(TestOutcome o) {
  switch (o) {
    case TestOutcome::kFailed: return "failed";
    case TestOutcome::kError: return "error";
    case TestOutcome::kSkipped: return "skipped";
    case TestOutcome::kPassed: return "passed";
  }
  return "passed";
}

std::optional<TestOutcome> parse_test_outcome(const std::string& s) {
  for (TestOutcome o : {TestOutcome::kFailed, TestOutcome::kError, TestOutcome::kSkipped, TestOutcome::kPassed})
    if (s == to_string(o)) return o;
  return std::nullopt;
}

JunitReport parse_junit(const std::string& xml) {
  JunitReport r;
  if (xml.find_first_not_of(" \t\r\n") == std::string::npos) {
    r.error = "pytest's junit file is empty (pytest did not finish its session)";
    return r;
  }
  pt::ptree tree;
  try {
    std::istringstream in(xml);
    pt::read_xml(in, tree);
  } catch (const pt::xml_parser_error& e) {
    r.error = "pytest's junit file is not well-formed XML (line " + std::to_string(e.line()) + ": " + e.message() +
              "); pytest was probably killed while writing it";
    return r;
  }
  if (tree.count("testsuites") == 0 && tree.count("testsuite") == 0) {
    r.error = "pytest's junit file has no <testsuites> or <testsuite> element";
    return r;
  }
  std::map<std::string, size_t> index;
  collect(tree, r.tests, index);
  return r;
}

JunitReport read_junit_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    JunitReport r;
    r.error = "pytest wrote no junit file (it crashed, was killed, or never started its session)";
    return r;
  }
  // Read at most the cap, sized to the file: a buffer of the cap itself would be
  // zero-filled for every cell.
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size >= kMaxFileBytes) {
    JunitReport r;
    r.error = "pytest's junit file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB; not read";
    return r;
  }
  std::string xml(ec ? 0 : static_cast<size_t>(size), '\0');
  in.read(xml.data(), static_cast<std::streamsize>(xml.size()));
  xml.resize(static_cast<size_t>(in.gcount()));
  return parse_junit(xml);
}

std::string test_id(const std::string& classname, const std::string& name, const std::string& file) {
  if (classname.empty()) return !file.empty() ? file : replace_all(name, ".", "/") + ".py";
  if (!file.empty()) {
    const std::string module = dotted_module(file);
    if (classname == module) return file + "::" + name;
    if (classname.compare(0, module.size() + 1, module + ".") == 0)
      return file + "::" + replace_all(classname.substr(module.size() + 1), ".", "::") + "::" + name;
  }
  std::vector<std::string> parts = split(classname, '.');
  size_t first_class = parts.size();
  while (first_class > 1 && !parts[first_class - 1].empty() &&
         std::isupper(static_cast<unsigned char>(parts[first_class - 1][0])))
    --first_class;
  std::string id;
  for (size_t i = 0; i < first_class; ++i) id += (i ? "/" : "") + parts[i];
  id += ".py";
  for (size_t i = first_class; i < parts.size(); ++i) id += "::" + parts[i];
  return id + "::" + name;
}

std::pair<std::string, std::string> junit_address(const std::string& nodeid) {
  const size_t bracket = nodeid.find('[');
  const std::string path = nodeid.substr(0, bracket);
  const std::string params = bracket == std::string::npos ? "" : nodeid.substr(bracket);
  std::vector<std::string> names;
  for (size_t start = 0;;) {
    const size_t sep = path.find("::", start);
    names.push_back(path.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
    if (sep == std::string::npos) break;
    start = sep + 2;
  }
  names[0] = dotted_module(names[0]);
  names.back() += params;
  std::string classname;
  for (size_t i = 0; i + 1 < names.size(); ++i) classname += (i ? "." : "") + names[i];
  return {classname, names.back()};
}

}  // namespace mpc
