#include <gtest/gtest.h>

#include "python_exception.h"

namespace mpc {
namespace {

const char* kChildTraceback = R"(Process Process-1:
Traceback (most recent call last):
  File "/usr/lib/python3.11/multiprocessing/process.py", line 314, in _bootstrap
    self.run()
  File "/work/cases/x.py", line 9, in run
    raise ValueError("bad")
    ^^^^^^^^^^^^^^^^^^^^^^^
ValueError: bad
)";

TEST(TracebackTest, ParsesFramesAndFinalLine) {
  auto all = parse_tracebacks(kChildTraceback);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].type, "ValueError");
  EXPECT_EQ(all[0].message, "bad");
  ASSERT_EQ(all[0].frames.size(), 2u);
  EXPECT_EQ(all[0].frames[1].file, "/work/cases/x.py");
  EXPECT_EQ(all[0].frames[1].line, 9);
  EXPECT_EQ(all[0].frames[1].function, "run");
}

TEST(TracebackTest, DottedClassKeepsModuleApart) {
  auto all = parse_tracebacks("Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\n"
                              "_pickle.PicklingError: Can't pickle <function <lambda>>\n");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].type, "PicklingError");
  EXPECT_EQ(all[0].module, "_pickle");
}

TEST(TracebackTest, ChainCountsOnceAsItsFinalException) {
  auto all = parse_tracebacks(
      "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\nKeyError: 'k'\n\n"
      "During handling of the above exception, another exception occurred:\n\n"
      "Traceback (most recent call last):\n  File \"a.py\", line 3, in f\nRuntimeError: wrapped\n");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].type, "RuntimeError");
}

TEST(TracebackTest, SeparateTracebacksAreKeptInOrder) {
  std::string two = std::string(kChildTraceback) + kChildTraceback;
  EXPECT_EQ(parse_tracebacks(two).size(), 2u);
}

TEST(TracebackTest, InterleavedOutputIsNotTakenForTheFinalLine) {
  auto all = parse_tracebacks(
      "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\nhello from a child\n"
      "OSError: [Errno 9] Bad file descriptor\n");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].type, "OSError");
}

TEST(TracebackTest, PlainOutputHasNoTracebacks) {
  EXPECT_TRUE(parse_tracebacks("hello\nError: not a traceback\n").empty());
}

}  // namespace
}  // namespace mpc
