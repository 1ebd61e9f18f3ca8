#include "race_prone.h"

#include <gtest/gtest.h>

#include "case_parser.h"

namespace mpc {
namespace {

Case parse(const std::string& expect, const std::string& tags = "[demo]") {
  const std::string text = "# ---\n# id: racy\n# title: t\n# source: s\n# claim: c\n# expect:\n" + expect +
                           "# tags: " + tags + "\n# ---\n";
  ParsedCase p = parse_case_text(text, "/x/racy.py");
  EXPECT_TRUE(std::holds_alternative<Case>(p)) << std::get<CaseError>(p).str();
  return std::get<Case>(p);
}

const ConditionFacts k311{*PythonVersion::Parse("3.11.2"), "linux"};
const ConditionFacts k314{*PythonVersion::Parse("3.14.0"), "linux"};

TEST(RaceProneTest, HangBesideAnotherOutcomeIsARace) {
  Case c = parse("#   fork: [deadlock, ok]\n#   spawn: [ok, timeout]\n#   forkserver: ok\n");
  EXPECT_TRUE(race_prone(c, "fork", k311));
  EXPECT_TRUE(race_prone(c, "spawn", k311));
  EXPECT_FALSE(race_prone(c, "forkserver", k311));
  EXPECT_FALSE(race_prone(c, "default", k311));  // no expectation at all
}

TEST(RaceProneTest, AHangThatAlwaysHappensIsNoRace) {
  Case c = parse("#   fork: deadlock\n#   spawn: timeout\n#   forkserver: [ok, exception:ValueError]\n");
  EXPECT_FALSE(race_prone(c, "fork", k311));
  EXPECT_FALSE(race_prone(c, "spawn", k311));
  EXPECT_FALSE(race_prone(c, "forkserver", k311));  // two outcomes, but neither a hang
}

TEST(RaceProneTest, TheRuleThatAppliesDecides) {
  Case c = parse("#   default:\n#     - if: python < 3.14\n#       outcome: [deadlock, ok]\n#     - outcome: ok\n");
  EXPECT_TRUE(race_prone(c, "default", k311));
  EXPECT_FALSE(race_prone(c, "default", k314));
}

TEST(RaceProneTest, TaggedIntermittentIsARaceUnderEveryMethod) {
  Case c = parse("#   all: ok\n", "[threads, intermittent]");
  for (const char* m : {"fork", "spawn", "forkserver", "default"}) EXPECT_TRUE(race_prone(c, m, k311)) << m;
}

TEST(RaceProneTest, AMalformedCasesCellIsNot) {
  Cell cell;
  cell.method = "fork";
  EXPECT_FALSE(race_prone(cell, "linux"));
}

}  // namespace
}  // namespace mpc
