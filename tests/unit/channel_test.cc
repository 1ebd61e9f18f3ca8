#include "channel.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

namespace mpc {
namespace {

// A channel file with `lines`, removed when the test ends.
class ChannelFile {
 public:
  explicit ChannelFile(const std::string& lines) {
    char tmpl[] = "/tmp/mpconform-channel-test-XXXXXX";
    const int fd = mkstemp(tmpl);
    close(fd);
    path_ = tmpl;
    std::ofstream(path_) << lines;
  }
  ~ChannelFile() { unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ChannelTest, EventsWithFieldsOfTheWrongTypeAreUnreadableLinesNotErrors) {
  // What a case can append to the channel: known events, fields of the wrong type.
  ChannelFile file(
      R"({"event": "start", "python_version": "3.11.2", "resolved_method": "fork"})"
      "\n"
      R"({"event": "mark", "pid": "not a number", "name": 7})"
      "\n"
      R"({"event": "observe", "key": "forged", "value": ["a", "list"], "pid": 1})"
      "\n"
      R"({"event": "observe", "key": "late", "value": "x", "pid": "one"})"
      "\n"
      R"({"event": "exception", "type": 3, "frames": [1, 2]})"
      "\n"
      R"({"event": "at_fork_count", "pid": {}, "forks": "many"})"
      "\n"
      R"({"event": "observe", "key": "after", "value": "kept", "pid": 12})"
      "\n");
  ChannelContents c;
  ASSERT_NO_THROW(c = read_channel(file.path()));
  EXPECT_EQ(c.bad_lines, 5);
  EXPECT_EQ(c.observations.size(), 1u);
  EXPECT_EQ(c.observations.at("after"), "kept");
  ASSERT_EQ(c.observation_log.size(), 1u);  // nothing half-recorded from the bad lines
  EXPECT_EQ(c.observation_log[0]["pid"], 12);
  EXPECT_TRUE(c.marks.empty());
  EXPECT_FALSE(c.report.exception.has_value());
  EXPECT_TRUE(c.forks_counted.empty());
  EXPECT_TRUE(c.report.started);
}

TEST(ChannelTest, OnlyTheFirstStartEventDescribesTheCell) {
  // The runner writes its start before the case runs; a later one is the case's.
  ChannelFile file(
      R"({"event": "start", "python_version": "3.11.2", "resolved_method": "fork"})"
      "\n"
      R"({"event": "unsupported", "reason": "forged", "resolved_method": ["spawn"]})"
      "\n");
  const ChannelContents c = read_channel(file.path());
  EXPECT_TRUE(c.report.started);
  EXPECT_FALSE(c.report.unsupported);
  EXPECT_EQ(c.start_facts["resolved_method"], "fork");
}


TEST(ChannelTest, SuiteProgressIsReadFromTheStreamedTestEvents) {
  ChannelFile file(
      R"({"event": "tests_collected", "count": 3, "collected": 3})"
      "\n"
      R"({"event": "test_started", "test": "t.py::a"})"
      "\n"
      R"({"event": "test_finished", "test": "t.py::a", "outcome": "passed", "message": "", "duration_s": 0.1})"
      "\n"
      R"({"event": "test_started", "test": "t.py::b"})"
      "\n"
      R"({"event": "test_finished", "test": "t.py::b", "outcome": "failed", "message": "assert 2 == 3"})"
      "\n"
      R"({"event": "test_started", "test": "t.py::c"})"
      "\n"
      R"({"event": "test_finished", "test": 5, "outcome": "passed"})"
      "\n");
  const ChannelContents c = read_channel(file.path());
  EXPECT_EQ(c.suite.collected, 3u);
  ASSERT_EQ(c.suite.finished.size(), 2u);
  EXPECT_EQ(c.suite.finished[1]["message"], "assert 2 == 3");
  EXPECT_EQ(c.suite.failing, 1u);
  EXPECT_EQ(c.suite.running, "t.py::c");  // started, never finished
  EXPECT_EQ(c.suite.steps(), 3u);
  EXPECT_EQ(c.suite.to_json()["running"], "t.py::c");
  EXPECT_TRUE(c.check_events.empty());
}

TEST(ChannelTest, TailGivesOnlyCompleteLinesAppendedSinceTheLastCall) {
  ChannelFile file(R"({"event": "test_started", "test": "t.py::a"})" "\n" R"({"event": "test_fin)");
  ChannelTail tail(file.path());
  auto first = tail.read_new();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["event"], "test_started");
  EXPECT_TRUE(tail.read_new().empty());  // the torn line waits
  std::ofstream(file.path(), std::ios::app) << R"(ished", "test": "t.py::a", "outcome": "passed"})" "\n";
  auto second = tail.read_new();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0]["outcome"], "passed");
}

TEST(ChannelTest, TailOfAChannelNotWrittenYetIsEmpty) {
  ChannelTail tail("/nonexistent/mpconform/channel.jsonl");
  EXPECT_TRUE(tail.read_new().empty());
}

}  // namespace
}  // namespace mpc
