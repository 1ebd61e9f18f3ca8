// pytest's junit file read into per-test outcomes: every outcome pytest writes,
// node ids rebuilt from xunit1's file attribute and without it, a test reported
// twice, and the files a crashed or killed pytest leaves.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "junit_report.h"

namespace mpc {
namespace {

// What pytest 7.2 wrote for a suite of every kind of result (trimmed, by hand).
const char* kEveryKind = R"(<?xml version="1.0" encoding="utf-8"?><testsuites>
<testsuite name="pytest" errors="2" failures="1" skipped="2" tests="7">
<testcase classname="pkg.test_kinds.TestGroup" name="test_in_class" file="pkg/test_kinds.py" line="9" time="0.0"/>
<testcase classname="pkg.test_kinds.TestGroup.TestInner" name="test_deep" file="pkg/test_kinds.py" line="11"/>
<testcase classname="pkg.test_kinds" name="test_skip" file="pkg/test_kinds.py" line="12">
  <skipped type="pytest.skip" message="not here">pkg/test_kinds.py:13: not here</skipped></testcase>
<testcase classname="pkg.test_kinds" name="test_error" file="pkg/test_kinds.py" line="15">
  <error message="failed on setup with &quot;RuntimeError: fixture &lt;broke&gt;&quot;">trace</error></testcase>
<testcase classname="pkg.test_kinds" name="test_fail_and_teardown" file="pkg/test_kinds.py" line="16">
  <failure message="AssertionError: call fails&#10;assert 0">E   AssertionError</failure></testcase>
<testcase classname="pkg.test_kinds" name="test_fail_and_teardown" file="pkg/test_kinds.py" line="16">
  <error message="failed on teardown with &quot;RuntimeError: teardown&quot;">trace</error></testcase>
<testcase classname="pkg.test_kinds" name="test_param[c::d.e]" file="pkg/test_kinds.py" line="17"/>
</testsuite></testsuites>)";

TEST(JunitReportTest, EveryOutcomeInPytestsWords) {
  const JunitReport r = parse_junit(kEveryKind);
  ASSERT_TRUE(r.read()) << r.error;
  ASSERT_EQ(r.tests.size(), 6u);
  EXPECT_EQ(r.tests[0].id, "pkg/test_kinds.py::TestGroup::test_in_class");
  EXPECT_EQ(to_string(r.tests[0].outcome), std::string("passed"));
  EXPECT_EQ(r.tests[1].id, "pkg/test_kinds.py::TestGroup::TestInner::test_deep");
  EXPECT_EQ(to_string(r.tests[2].outcome), std::string("skipped"));
  EXPECT_EQ(r.tests[2].message, "not here");
  EXPECT_EQ(to_string(r.tests[3].outcome), std::string("error"));
  EXPECT_EQ(r.tests[3].message, "failed on setup with \"RuntimeError: fixture <broke>\"");
  EXPECT_EQ(r.tests[5].id, "pkg/test_kinds.py::test_param[c::d.e]");
}

TEST(JunitReportTest, ACallFailureThenATeardownErrorIsOneFailedTest) {
  const JunitReport r = parse_junit(kEveryKind);
  ASSERT_TRUE(r.read());
  const JunitTest& t = r.tests[4];
  EXPECT_EQ(t.id, "pkg/test_kinds.py::test_fail_and_teardown");
  EXPECT_EQ(t.outcome, TestOutcome::kFailed);
  EXPECT_EQ(t.message, "AssertionError: call fails\nassert 0");
  EXPECT_EQ(t.text, "E   AssertionError");
}

TEST(JunitReportTest, ACollectionErrorIsTheFile) {
  const JunitReport r = parse_junit(
      R"(<testsuites><testsuite><testcase classname="" name="pkg.test_broken" file="pkg/test_broken.py">)"
      R"(<error message="collection failure">ImportError</error></testcase></testsuite></testsuites>)");
  ASSERT_EQ(r.tests.size(), 1u);
  EXPECT_EQ(r.tests[0].id, "pkg/test_broken.py");
  EXPECT_EQ(r.tests[0].outcome, TestOutcome::kError);
  EXPECT_EQ(test_id("", "pkg.test_broken", ""), "pkg/test_broken.py");
}

TEST(JunitReportTest, IdWithoutTheFileAttributeTakesCapWordsAsClasses) {
  EXPECT_EQ(test_id("tests.check.suite.test_x", "test_y", ""), "tests/check/suite/test_x.py::test_y");
  EXPECT_EQ(test_id("tests.test_x.TestA.TestB", "test_y[1.5]", ""), "tests/test_x.py::TestA::TestB::test_y[1.5]");
  // Inherited from a class in another file: xunit1's file names the base's file.
  EXPECT_EQ(test_id("tests.test_child.TestChild", "test_base", "tests/base.py"),
            "tests/test_child.py::TestChild::test_base");
}

TEST(JunitReportTest, JunitAddressIsPytestsMangling) {
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(junit_address("tests/test_x.py::TestA::test_b[a::b.c]"), (P{"tests.test_x.TestA", "test_b[a::b.c]"}));
  EXPECT_EQ(junit_address("test_x.py::test_b"), (P{"test_x", "test_b"}));
  EXPECT_EQ(junit_address("pkg/test_broken.py"), (P{"", "pkg.test_broken"}));
}

TEST(JunitReportTest, RebuiltIdsMangleBackToTheirTestcase) {
  const JunitReport r = parse_junit(kEveryKind);
  for (const JunitTest& t : r.tests) EXPECT_EQ(junit_address(t.id), (std::pair{t.classname, t.name})) << t.id;
}

TEST(JunitReportTest, ABareTestsuiteAsOlderPytestWrote) {
  const JunitReport r = parse_junit(R"(<testsuite><testcase classname="t" name="test_a"/></testsuite>)");
  ASSERT_TRUE(r.read());
  ASSERT_EQ(r.tests.size(), 1u);
  EXPECT_EQ(r.tests[0].id, "t.py::test_a");
}

TEST(JunitReportTest, BadFilesSayWhyAndHaveNoTests) {
  const JunitReport empty = parse_junit("  \n");
  EXPECT_FALSE(empty.read());
  EXPECT_NE(empty.error.find("empty"), std::string::npos);
  const JunitReport cut = parse_junit(R"(<testsuites><testsuite><testcase classname="t" name=)");
  EXPECT_FALSE(cut.read());
  EXPECT_NE(cut.error.find("not well-formed"), std::string::npos) << cut.error;
  EXPECT_TRUE(cut.tests.empty());
  const JunitReport other = parse_junit("<html><body/></html>");
  EXPECT_FALSE(other.read());
  const JunitReport missing = read_junit_file("/nonexistent/junit.xml");
  EXPECT_FALSE(missing.read());
  EXPECT_NE(missing.error.find("no junit file"), std::string::npos);
}

TEST(JunitReportTest, ReadsAFileAndKeepsTheEndOfALongTraceback) {
  const std::string path = testing::TempDir() + "/junit_report_test.xml";
  {
    std::ofstream out(path);
    out << R"(<testsuites><testsuite><testcase classname="t" name="test_a"><failure message="m">)"
        << std::string(kMaxTestText * 2, 'x') << "the end</failure></testcase></testsuite></testsuites>";
  }
  const JunitReport r = read_junit_file(path);
  std::remove(path.c_str());
  ASSERT_TRUE(r.read()) << r.error;
  EXPECT_LE(r.tests[0].text.size(), kMaxTestText + 3);
  EXPECT_EQ(r.tests[0].text.substr(r.tests[0].text.size() - 7), "the end");
}

TEST(JunitReportTest, OutcomeWordsRoundTrip) {
  for (TestOutcome o : {TestOutcome::kPassed, TestOutcome::kFailed, TestOutcome::kError, TestOutcome::kSkipped})
    EXPECT_EQ(parse_test_outcome(to_string(o)), o);
  EXPECT_FALSE(parse_test_outcome("xfailed").has_value());
}

}  // namespace
}  // namespace mpc
