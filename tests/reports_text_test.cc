// The text plumbing every report relies on: arbitrary captured bytes in,
// valid UTF-8 with nothing a terminal, XML or Markdown reader would trip on out.
#include <gtest/gtest.h>

#include "internal/markdown_escape.h"
#include "internal/printable.h"
#include "internal/tail.h"
#include "internal/utf8.h"
#include "internal/xml_escape.h"

using namespace mpconform::reports;

namespace {
const std::string kFFFD = "\xEF\xBF\xBD";
}

TEST(Utf8Test, ValidTextIsUnchanged) {
  const std::string text = "h\xC3\xA9llo \xE2\x89\xA0 \xF0\x9F\x98\x80";  // héllo ≠ 😀
  EXPECT_EQ(valid_utf8(text), text);
}

TEST(Utf8Test, EachInvalidSequenceBecomesOneReplacementCharacter) {
  EXPECT_EQ(valid_utf8("a\xFF" "b"), "a" + kFFFD + "b");
  EXPECT_EQ(valid_utf8("\xE2\x82" "x"), kFFFD + "x");              // truncated
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), kFFFD);                    // surrogate
  EXPECT_EQ(valid_utf8("\xC0\xAF"), kFFFD + kFFFD);                // overlong, bad lead
  EXPECT_EQ(valid_utf8("\xE0\x80\xAF"), kFFFD);                    // overlong, 3 bytes
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), kFFFD);                // > U+10FFFF
  EXPECT_EQ(valid_utf8(std::string("\x80", 1)), kFFFD);            // stray continuation
}

TEST(Utf8Test, WidthCountsCharactersNotBytes) {
  EXPECT_EQ(display_width("\xE2\x89\xA0\xE2\x80\xA6" "a"), 3u);  // ≠…a
}

TEST(Utf8Test, FitWidthCutsWithEllipsisOnlyWhenNeeded) {
  EXPECT_EQ(fit_width("abcdef", 4), "abc\xE2\x80\xA6");
  EXPECT_EQ(fit_width("abcd", 4), "abcd");
  EXPECT_EQ(fit_width("\xE2\x89\xA0\xE2\x89\xA0\xE2\x89\xA0", 2), "\xE2\x89\xA0\xE2\x80\xA6");
  EXPECT_EQ(display_width(fit_width("a very long outcome string", 10)), 10u);
}

TEST(PrintableTest, EscapeSequencesAndControlCharactersAreRemoved) {
  const std::string raw = std::string("a\x1b[31mred\x1b[0m") + '\0' + "\a\x7f" + "b\x1b]0;title\a!";
  EXPECT_EQ(printable_text(raw), "aredb!");
}

TEST(PrintableTest, TabsAndLineBreaksSurviveAndCarriageReturnsBecomeNewlines) {
  EXPECT_EQ(printable_text("a\tb\r\nc\rd\n"), "a\tb\nc\nd\n");
}

TEST(PrintableTest, NoncharactersForbiddenInXmlAreDropped) {
  EXPECT_EQ(printable_text("x\xEF\xBF\xBF" "y\xEF\xBF\xBE"), "xy");
}

TEST(TailTest, KeepsLastLinesAndCountsTheRest) {
  EXPECT_EQ(tail_lines("1\n2\n3\n4\n", 2), "[... 2 lines omitted]\n3\n4\n");
  EXPECT_EQ(tail_lines("1\n2\n3\n4", 2), "[... 2 lines omitted]\n3\n4");
  EXPECT_EQ(tail_lines("1\n2", 5), "1\n2");
}

TEST(TailTest, ByteTailStartsAtALineBoundaryWhenOneIsNear) {
  EXPECT_EQ(tail_bytes("aaaa\nbbbb\n", 7), "[... 5 bytes omitted]\nbbbb\n");
}

TEST(TailTest, ByteTailNeverStartsInsideACharacter) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "\xC3\xA9";  // é, two bytes each
  const std::string tail = tail_bytes(text, 51);
  const std::string marker = "[... 150 bytes omitted]\n";
  ASSERT_EQ(tail.substr(0, marker.size()), marker);
  EXPECT_EQ(valid_utf8(tail), tail);
  EXPECT_EQ(tail.size() - marker.size(), 50u);
}

TEST(XmlEscapeTest, MarkupCharactersBecomeEntities) {
  EXPECT_EQ(xml_text("<a & 'b'>\"]]>"), "&lt;a &amp; &apos;b&apos;&gt;&quot;]]&gt;");
}

TEST(XmlEscapeTest, AttributesKeepLineBreaksAsReferences) {
  EXPECT_EQ(xml_attribute("a\nb\tc"), "a&#10;b&#9;c");
  EXPECT_EQ(xml_text("a\nb"), "a\nb");
}

TEST(XmlEscapeTest, ForbiddenCharactersNeverReachTheOutput) {
  EXPECT_EQ(xml_text(std::string("a\0b\x0b\x1f" "c", 6)), "abc");
}

TEST(MarkdownEscapeTest, PipesAndMarkupAreEscapedOnOneLine) {
  EXPECT_EQ(md_inline("a|b\n*c* <x> __main__"), "a\\|b \\*c\\* \\<x\\> \\_\\_main\\_\\_");
}

TEST(MarkdownEscapeTest, CodeFenceIsLongerThanAnyBacktickRunInside) {
  const std::string block = md_code_block("x\n```\ny");
  EXPECT_EQ(block, "````text\nx\n```\ny\n````\n");
}
