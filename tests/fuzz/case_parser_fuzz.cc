// libFuzzer target for the case-metadata parser (harness/core/case_parser.cc and the
// condition, outcome and version parsers it calls). Any input must come back as a
// Case or a CaseError, never a crash, a hang or a sanitizer report, and what comes
// back must keep the parser's promises (checked below; a broken one aborts, which
// libFuzzer reports as a crash). Built and run by the `fuzz` preset.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "case_parser.h"

namespace {

[[noreturn]] void broken(const char* promise, const std::string& detail) {
  std::fprintf(stderr, "case_parser_fuzz: broken promise: %s: %s\n", promise, detail.c_str());
  std::abort();
}

// The parser insists that `id` equals the file name; name the input after the id it
// declares, so mutated seeds get past that check and reach the expectations.
std::string path_for(const std::string& text) {
  size_t at = text.find("# id: ");
  if (at == std::string::npos || (at > 0 && text[at - 1] != '\n')) return "fuzz-case.py";
  at += 6;
  const size_t end = text.find_first_of("\r\n", at);
  std::string id = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
  while (!id.empty() && (id.back() == ' ' || id.back() == '\t')) id.pop_back();
  if (id.empty() || id.size() > 200 || id.find('/') != std::string::npos || id[0] == '.')
    return "fuzz-case.py";
  return id + ".py";
}

void check_outcomes(const std::vector<mpc::Outcome>& outcomes) {
  if (outcomes.empty()) broken("a rule allows at least one outcome", "");
  for (const auto& o : outcomes) {
    // What the parser accepted prints back to the same outcome (reports rely on it).
    const auto again = mpc::Outcome::Parse(o.str());
    if (!again || again->str() != o.str()) broken("Outcome::Parse(str()) round-trips", o.str());
  }
}

void exercise(const std::map<std::string, mpc::MethodExpectation>& by_method) {
  // Conditions are evaluated against the facts of a few interpreters, as a run would.
  static const char* kVersions[] = {"3.6.15", "3.11.2", "3.14.0", "3.15.0a1"};
  for (const auto& [method, expectation] : by_method) {
    if (expectation.rules.empty()) broken("an expectation has a rule", method);
    for (const auto& rule : expectation.rules) check_outcomes(rule.expected.outcomes);
    for (const char* version : kVersions) {
      mpc::ConditionFacts facts;
      facts.python = *mpc::PythonVersion::Parse(version);
      facts.os = "linux";
      (void)expectation.resolve(facts);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string path = path_for(text);
  const mpc::ParsedCase parsed = mpc::parse_case_text(text, path);
  if (const auto* error = std::get_if<mpc::CaseError>(&parsed)) {
    if (error->file != path) broken("an error names the file", error->file);
    if (error->message.empty()) broken("an error says what is wrong", error->str());
    // The line an error points at exists (0 names the whole file).
    size_t lines = 1;
    for (char c : text) lines += c == '\n';
    if (error->line < 0 || size_t(error->line) > lines)
      broken("an error's line is in the file", error->str() + " (" + std::to_string(lines) + " lines)");
    return 0;
  }
  const auto& c = std::get<mpc::Case>(parsed);
  if (c.id.empty() || c.title.empty() || c.source.empty() || c.claim.empty())
    broken("a parsed case has its required fields", c.id);
  if (path != c.id + ".py") broken("the id equals the file name", c.id + " vs " + path);
  if (!(c.timeout_s > 0 && c.timeout_s <= 3600)) broken("the timeout is within (0, 3600]", std::to_string(c.timeout_s));
  exercise(c.expect);
  exercise(c.documented);
  return 0;
}
