#include "case_parser.h"

#include <gtest/gtest.h>

namespace mpc {
namespace {

const char* kGood = R"(#!/usr/bin/env python3
# ---
# id: sample
# title: A sample case
# source: 000_5d99f4b9d20b599b.txt
# claim: >
#   Something holds.
# expect:
#   fork: ok
#   spawn: [pickling-error, ok]
#   forkserver: {outcome: ok, observations: {sees: [a, b]}}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#     - outcome: exception:ValueError
# limits:
#   timeout: 12.5
# tags: [pickling, demo]
# ---
print("hi")
)";

Case parse_ok(const std::string& text, const std::string& path = "/x/sample.py") {
  ParsedCase parsed = parse_case_text(text, path);
  if (auto* e = std::get_if<CaseError>(&parsed)) ADD_FAILURE() << e->str();
  return std::get<Case>(parsed);
}

CaseError parse_error(const std::string& text, const std::string& path = "/x/sample.py") {
  ParsedCase parsed = parse_case_text(text, path);
  EXPECT_TRUE(std::holds_alternative<CaseError>(parsed)) << "parsed a malformed case";
  return std::holds_alternative<CaseError>(parsed) ? std::get<CaseError>(parsed) : CaseError{};
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

ConditionFacts facts(const char* version, const char* os = "linux") {
  return {*PythonVersion::Parse(version), os};
}

TEST(CaseParserTest, ReadsEveryKey) {
  Case c = parse_ok(kGood);
  EXPECT_EQ(c.id, "sample");
  EXPECT_EQ(c.title, "A sample case");
  EXPECT_EQ(c.claim, "Something holds.");
  EXPECT_DOUBLE_EQ(c.timeout_s, 12.5);
  EXPECT_EQ(c.tags, (std::vector<std::string>{"pickling", "demo"}));
  ASSERT_EQ(c.expect.size(), 4u);
}

TEST(CaseParserTest, ListOfOutcomesAllowsEachOneFirstIsUsual) {
  Case c = parse_ok(kGood);
  auto spawn = c.expectation_for("spawn")->resolve(facts("3.11.2"));
  ASSERT_TRUE(spawn);
  ASSERT_EQ(spawn->outcomes.size(), 2u);
  EXPECT_EQ(spawn->outcomes[0].str(), "pickling-error");
  EXPECT_EQ(spawn->outcomes[1].str(), "ok");
}

TEST(CaseParserTest, ObservationsAreRead) {
  Case c = parse_ok(kGood);
  auto fs = c.expectation_for("forkserver")->resolve(facts("3.11"));
  ASSERT_TRUE(fs);
  EXPECT_EQ(fs->observations.at("sees"), (std::vector<std::string>{"a", "b"}));
}

TEST(CaseParserTest, FirstMatchingRuleApplies) {
  Case c = parse_ok(kGood);
  const MethodExpectation* d = c.expectation_for("default");
  EXPECT_EQ(d->resolve(facts("3.13.0"))->outcomes[0].str(), "ok");
  EXPECT_EQ(d->resolve(facts("3.14.0"))->outcomes[0].str(), "exception:ValueError");
  EXPECT_EQ(d->resolve(facts("3.11.2", "darwin"))->outcomes[0].str(), "exception:ValueError");
}

TEST(CaseParserTest, AllIsTheFallbackForUnnamedMethods) {
  Case c = parse_ok(replace(kGood, "#   fork: ok\n", "#   all: timeout\n"));
  EXPECT_EQ(c.expectation_for("fork")->resolve(facts("3.11"))->outcomes[0].str(), "timeout");
  EXPECT_EQ(c.expectation_for("spawn")->resolve(facts("3.11"))->outcomes[0].str(), "pickling-error");
}

TEST(CaseParserTest, DocumentedClaimUsesTheExpectationForm) {
  Case c = parse_ok(replace(kGood, "# limits:", "# documented:\n#   spawn: {outcome: ok, observations: {printed: \"no\"}}\n#   all: ok\n# limits:"));
  auto spawn = c.documented_for("spawn")->resolve(facts("3.11"));
  ASSERT_TRUE(spawn);
  EXPECT_EQ(spawn->observations.at("printed"), (std::vector<std::string>{"no"}));
  EXPECT_EQ(c.documented_for("fork")->resolve(facts("3.11"))->outcomes[0].str(), "ok");
  EXPECT_EQ(parse_ok(kGood).documented_for("fork"), nullptr);
}

TEST(CaseParserTest, UnknownOutcomeNamesItsLine) {
  CaseError e = parse_error(replace(kGood, "#   fork: ok", "#   fork: okay"));
  EXPECT_EQ(e.line, 9);
  EXPECT_NE(e.message.find("unknown outcome 'okay'"), std::string::npos) << e.message;
  EXPECT_EQ(e.file, "/x/sample.py");
}

TEST(CaseParserTest, BadConditionNamesItsLine) {
  CaseError e = parse_error(replace(kGood, "python < 3.14", "python << 3.14"));
  EXPECT_EQ(e.line, 13);
  EXPECT_NE(e.message.find("bad condition"), std::string::npos) << e.message;
}

TEST(CaseParserTest, YamlSyntaxErrorNamesItsLine) {
  CaseError e = parse_error(replace(kGood, "# tags: [pickling, demo]", "# tags: [pickling, demo"));
  EXPECT_GE(e.line, 18);
  EXPECT_NE(e.message.find("YAML"), std::string::npos) << e.message;
}

TEST(CaseParserTest, UnknownKeyIsAnError) {
  CaseError e = parse_error(replace(kGood, "# tags:", "# tagz:"));
  EXPECT_EQ(e.line, 18);
  EXPECT_NE(e.message.find("unknown key 'tagz'"), std::string::npos);
}

TEST(CaseParserTest, UnknownMethodIsAnError) {
  CaseError e = parse_error(replace(kGood, "#   fork: ok", "#   forking: ok"));
  EXPECT_NE(e.message.find("unknown start method 'forking'"), std::string::npos);
}

TEST(CaseParserTest, MissingClaimIsAnError) {
  CaseError e = parse_error(replace(kGood, "# claim: >\n#   Something holds.\n", ""));
  EXPECT_NE(e.message.find("missing required key 'claim'"), std::string::npos);
}

TEST(CaseParserTest, IdMustMatchFileName) {
  CaseError e = parse_error(kGood, "/x/other.py");
  EXPECT_EQ(e.line, 3);
  EXPECT_NE(e.message.find("must equal the file name"), std::string::npos);
}

TEST(CaseParserTest, MissingBlockIsAnErrorAtTheFirstLine) {
  CaseError e = parse_error("import os\n");
  EXPECT_EQ(e.line, 1);
  EXPECT_NE(e.message.find("metadata block"), std::string::npos);
}

TEST(CaseParserTest, UnclosedBlockIsAnError) {
  CaseError e = parse_error("# ---\n# id: sample\nimport os\n");
  EXPECT_EQ(e.line, 3);
  EXPECT_NE(e.message.find("not closed"), std::string::npos);
}

TEST(CaseParserTest, TimeoutMustBePositive) {
  CaseError e = parse_error(replace(kGood, "timeout: 12.5", "timeout: -1"));
  EXPECT_EQ(e.line, 17);
}

TEST(CaseParserTest, RequiresReadsModulesAndLibrariesInOrder) {
  Case c = parse_ok(replace(kGood, "# tags: [pickling, demo]\n",
                            "# tags: [pickling, demo]\n"
                            "# requires: [torch, {module: grpc._cython}, "
                            "{library: openblas-openmp/libblas.so.3}]\n"));
  ASSERT_EQ(c.requirements.size(), 3u);
  EXPECT_EQ(c.requirements[0].str(), "module:torch");
  EXPECT_EQ(c.requirements[1].str(), "module:grpc._cython");
  EXPECT_EQ(c.requirements[2].str(), "library:openblas-openmp/libblas.so.3");
}

TEST(CaseParserTest, NoRequiresMeansNone) { EXPECT_TRUE(parse_ok(kGood).requirements.empty()); }

TEST(CaseParserTest, RequiresMustBeAList) {
  CaseError e = parse_error(replace(kGood, "# tags: [pickling, demo]\n",
                                    "# tags: [pickling, demo]\n# requires: torch\n"));
  EXPECT_EQ(e.line, 19);
  EXPECT_NE(e.message.find("'requires' must be a list"), std::string::npos);
}

TEST(CaseParserTest, RequiresRejectsUnknownKindsAndBadNames) {
  auto with = [](const std::string& line) {
    return replace(kGood, "# tags: [pickling, demo]\n", "# tags: [pickling, demo]\n# requires: " + line + "\n");
  };
  EXPECT_NE(parse_error(with("[{package: torch}]")).message.find("unknown requirement 'package'"),
            std::string::npos);
  EXPECT_NE(parse_error(with("[\"torch; rm\"]")).message.find("not a dotted Python name"),
            std::string::npos);
  EXPECT_NE(parse_error(with("[{library: ../../etc/passwd}]")).message.find("'..'"), std::string::npos);
  EXPECT_NE(parse_error(with("[{module: a, library: b}]")).message.find("names one thing"),
            std::string::npos);
}

TEST(CaseParserTest, UnreadableFileIsAnError) {
  ParsedCase parsed = parse_case_file("/nonexistent/nothing.py");
  ASSERT_TRUE(std::holds_alternative<CaseError>(parsed));
  EXPECT_NE(std::get<CaseError>(parsed).message.find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace mpc
