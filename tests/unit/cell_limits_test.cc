#include "cell_limits.h"

#include <gtest/gtest.h>

#include "case_parser.h"
#include "outcome.h"

namespace mpc {
namespace {

TEST(ParseSize, UnitsAndPlainBytes) {
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_EQ(parse_size("512MiB"), 512ull << 20);
  EXPECT_EQ(parse_size("2GiB"), 2ull << 30);
  EXPECT_EQ(parse_size("1.5KiB"), 1536u);
  EXPECT_EQ(parse_size("100MB"), 100000000u);
  EXPECT_EQ(parse_size("10 MiB"), 10ull << 20);
}

TEST(ParseSize, RejectsWhatIsNotASize) {
  EXPECT_FALSE(parse_size(""));
  EXPECT_FALSE(parse_size("MiB"));
  EXPECT_FALSE(parse_size("12 parsecs"));
  EXPECT_FALSE(parse_size("-5MiB"));
  EXPECT_FALSE(parse_size("1e30GiB"));
}

TEST(SetLimit, EachNameAndItsErrors) {
  LimitOverrides o;
  EXPECT_EQ(set_limit(o, "processes", "100"), "");
  EXPECT_EQ(set_limit(o, "memory", "1GiB"), "");
  EXPECT_EQ(set_limit(o, "output", "10MiB"), "");
  EXPECT_EQ(set_limit(o, "timeout", "2.5"), "");
  EXPECT_EQ(*o.processes, 100);
  EXPECT_EQ(*o.memory_bytes, 1ull << 30);
  EXPECT_EQ(*o.output_bytes, 10ull << 20);
  EXPECT_DOUBLE_EQ(*o.timeout_s, 2.5);
  EXPECT_NE(set_limit(o, "processes", "0"), "");
  EXPECT_NE(set_limit(o, "processes", "ten"), "");
  EXPECT_NE(set_limit(o, "memory", "12"), "");  // under 4 KiB
  EXPECT_NE(set_limit(o, "timeout", "7200"), "");
  EXPECT_NE(set_limit(o, "cpu", "1").find("unknown limit 'cpu'"), std::string::npos);
}

TEST(SetLimitFlag, NeedsNameEqualsValue) {
  LimitOverrides o;
  EXPECT_EQ(set_limit_flag(o, "processes=7"), "");
  EXPECT_EQ(*o.processes, 7);
  EXPECT_NE(set_limit_flag(o, "processes").find("NAME=VALUE"), std::string::npos);
  EXPECT_NE(set_limit_flag(o, "=7"), "");
}

TEST(EffectiveLimits, CommandLineWinsOverCaseOverDefaults) {
  LimitOverrides from_case, from_cli;
  from_case.processes = 24;
  from_case.timeout_s = 3;
  from_cli.processes = 8;
  const CellLimits l = effective_limits(from_case, from_cli);
  EXPECT_EQ(l.processes, 8);
  EXPECT_DOUBLE_EQ(l.timeout_s, 3);
  EXPECT_EQ(l.memory_bytes, CellLimits{}.memory_bytes);
  EXPECT_EQ(l.output_bytes, CellLimits{}.output_bytes);
}

TEST(LimitOutcome, RoundTripsAndKnowsItsNames) {
  EXPECT_EQ(Outcome::Limit("processes").str(), "limit:processes");
  EXPECT_EQ(Outcome::Parse("limit:memory"), Outcome::Limit("memory"));
  EXPECT_FALSE(Outcome::Parse("limit:cpu"));
  EXPECT_FALSE(Outcome::Parse("limit"));
}

const char* kCase = R"(# ---
# id: x
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# limits:
#   timeout: 3
#   processes: 24
#   memory: 256MiB
#   output: 1MiB
# ---
)";

TEST(CaseLimits, ParsedFromTheMetadataBlock) {
  ParsedCase parsed = parse_case_text(kCase, "/cases/x.py");
  ASSERT_TRUE(std::holds_alternative<Case>(parsed));
  const Case& c = std::get<Case>(parsed);
  EXPECT_DOUBLE_EQ(c.timeout_s, 3);
  EXPECT_EQ(*c.limits.processes, 24);
  EXPECT_EQ(*c.limits.memory_bytes, 256ull << 20);
  EXPECT_EQ(*c.limits.output_bytes, 1ull << 20);
}

TEST(CaseLimits, BadValueIsAnErrorAtItsLine) {
  std::string text = kCase;
  text.replace(text.find("256MiB"), 6, "lots");
  ParsedCase parsed = parse_case_text(text, "/cases/x.py");
  ASSERT_TRUE(std::holds_alternative<CaseError>(parsed));
  const CaseError& e = std::get<CaseError>(parsed);
  EXPECT_EQ(e.line, 11);  // the memory line
  EXPECT_NE(e.message.find("memory must be a size"), std::string::npos);
}

}  // namespace
}  // namespace mpc
