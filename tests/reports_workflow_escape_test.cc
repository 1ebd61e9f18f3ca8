// Workflow-command escaping, character by character, as the actions toolkit's
// command.ts escapes (escapeData, escapeProperty).
#include <gtest/gtest.h>

#include "internal/workflow_command_escape.h"

namespace mpconform::reports {
namespace {

TEST(WorkflowCommandEscapeTest, DataEscapesPercentCarriageReturnAndNewline) {
  EXPECT_EQ(escape_command_data("%"), "%25");
  EXPECT_EQ(escape_command_data("\r"), "%0D");
  EXPECT_EQ(escape_command_data("\n"), "%0A");
  EXPECT_EQ(escape_command_data("a\r\nb"), "a%0D%0Ab");
}

TEST(WorkflowCommandEscapeTest, DataKeepsColonsAndCommas) {
  EXPECT_EQ(escape_command_data("prog.py:7, then ::error::x"), "prog.py:7, then ::error::x");
}

TEST(WorkflowCommandEscapeTest, PercentIsEscapedFirstSoALiteralEscapeSurvives) {
  // A literal "%0A" must come back as those three characters, not a newline.
  EXPECT_EQ(escape_command_data("100%0A"), "100%250A");
  EXPECT_EQ(escape_command_property("%3A"), "%253A");
}

TEST(WorkflowCommandEscapeTest, PropertyAlsoEscapesColonAndComma) {
  EXPECT_EQ(escape_command_property(":"), "%3A");
  EXPECT_EQ(escape_command_property(","), "%2C");
  EXPECT_EQ(escape_command_property("%"), "%25");
  EXPECT_EQ(escape_command_property("\r"), "%0D");
  EXPECT_EQ(escape_command_property("\n"), "%0A");
  EXPECT_EQ(escape_command_property("src/a,b:c.py"), "src/a%2Cb%3Ac.py");
}

TEST(WorkflowCommandEscapeTest, OtherTextIsUntouched) {
  EXPECT_EQ(escape_command_property("run.<locals>.producer = 'x' \"y\" é"), "run.<locals>.producer = 'x' \"y\" é");
}

}  // namespace
}  // namespace mpconform::reports
