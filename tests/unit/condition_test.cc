#include "condition.h"

#include <gtest/gtest.h>

namespace mpc {
namespace {

bool holds(const char* expr, const char* version, const char* os = "linux") {
  return Condition::Parse(expr).holds({*PythonVersion::Parse(version), os});
}

TEST(PythonVersionTest, ComparesOnTheWrittenParts) {
  auto v = *PythonVersion::Parse("3.11.2");
  EXPECT_EQ(v.compare_on(*PythonVersion::Parse("3.11")), 0);
  EXPECT_LT(v.compare_on(*PythonVersion::Parse("3.14")), 0);
  EXPECT_GT(v.compare_on(*PythonVersion::Parse("3.9")), 0);  // numerically, not as text
  EXPECT_GT(v.compare_on(*PythonVersion::Parse("3.11.1")), 0);
}

TEST(PythonVersionTest, AcceptsPreReleaseSuffixRejectsJunk) {
  EXPECT_EQ(PythonVersion::Parse("3.15.0a1")->str(), "3.15.0");
  EXPECT_FALSE(PythonVersion::Parse("three"));
  EXPECT_FALSE(PythonVersion::Parse("3.x"));
}

TEST(ConditionTest, VersionComparisons) {
  EXPECT_TRUE(holds("python < 3.14", "3.13.0"));
  EXPECT_FALSE(holds("python < 3.14", "3.14.0"));
  EXPECT_TRUE(holds("python >= 3.12", "3.12.1"));
  EXPECT_TRUE(holds("python == 3.11", "3.11.2"));
  EXPECT_TRUE(holds("python != 3.11", "3.10.13"));
}

TEST(ConditionTest, OsAndBooleanOperators) {
  EXPECT_TRUE(holds("os == \"linux\" and python < 3.14", "3.11"));
  EXPECT_FALSE(holds("os == 'darwin' and python < 3.14", "3.11"));
  EXPECT_TRUE(holds("os == 'darwin' or python < 3.14", "3.11"));
  EXPECT_TRUE(holds("not (os == 'darwin')", "3.11"));
  EXPECT_TRUE(holds("os != linux", "3.11", "windows"));
}

TEST(ConditionTest, AndBindsTighterThanOr) {
  EXPECT_TRUE(holds("os == darwin and python < 3.0 or python >= 3.11", "3.11"));
  EXPECT_FALSE(holds("os == darwin and (python < 3.0 or python >= 3.11)", "3.11"));
}

TEST(ConditionTest, SyntaxErrorsSayWhereAndWhat) {
  try {
    Condition::Parse("python >= ");
    FAIL() << "parsed";
  } catch (const ConditionError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a value"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Condition::Parse("pyhton >= 3.14"), ConditionError);
  EXPECT_THROW(Condition::Parse("python >= 3.14 and"), ConditionError);
  EXPECT_THROW(Condition::Parse("(python >= 3.14"), ConditionError);
  EXPECT_THROW(Condition::Parse("python = 3.14"), ConditionError);
  EXPECT_THROW(Condition::Parse("os < linux"), ConditionError);
  EXPECT_THROW(Condition::Parse("python >= banana"), ConditionError);
}

}  // namespace
}  // namespace mpc
