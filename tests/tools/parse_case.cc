// parse_case FILE...: reads each file with the harness's case parser and prints,
// one line per file, what it made of it: `ok <id> ...` with the fields read, or
// `error <file>:<line>: <message>`. Exits 0 when every file parsed, 1 when any was a
// case error (2 on a usage error). The valgrind and sanitizer tests run it on
// malformed inputs (tests/valgrind/); it is also handy to check a case by hand.
#include <iostream>

#include "case_parser.h"

namespace {

// One line per file, whatever bytes the file held: control characters as \xNN.
std::string printable(const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += char(c);
    }
  }
  return out;
}

void print_expectations(const char* what, const std::map<std::string, mpc::MethodExpectation>& m) {
  for (const auto& [method, expectation] : m) {
    std::cout << ' ' << what << '.' << method << '=';
    bool first_rule = true;
    for (const auto& rule : expectation.rules) {
      if (!first_rule) std::cout << ';';
      first_rule = false;
      if (rule.when) std::cout << "if(" << printable(rule.when->text()) << ')';
      std::cout << printable(mpc::join_outcomes(rule.expected.outcomes, "|"));
      for (const auto& [key, values] : rule.expected.observations) {
        std::cout << '[' << printable(key);
        for (const auto& v : values) std::cout << ' ' << printable(v);
        std::cout << ']';
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: parse_case FILE...\n";
    return 2;
  }
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    const mpc::ParsedCase parsed = mpc::parse_case_file(argv[i]);
    if (const auto* error = std::get_if<mpc::CaseError>(&parsed)) {
      std::cout << "error " << printable(error->str()) << '\n';
      status = 1;
      continue;
    }
    const auto& c = std::get<mpc::Case>(parsed);
    std::cout << "ok " << printable(c.id) << " title=" << c.title.size() << "B source=" << c.source.size()
              << "B claim=" << c.claim.size() << "B timeout=" << c.timeout_s << " tags=" << c.tags.size();
    print_expectations("expect", c.expect);
    print_expectations("documented", c.documented);
    std::cout << '\n';
  }
  return status;
}
