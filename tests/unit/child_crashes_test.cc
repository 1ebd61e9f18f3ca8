#include "child_crashes.h"

#include <gtest/gtest.h>

#include <csignal>

namespace mpc {
namespace {

// As Debian's 3.11.2 writes it for a spawn pool worker printing a lock made by the
// fork context (`python -X faulthandler`, or any cell process).
const std::string kReport =
    "Fatal Python error: Segmentation fault\n"
    "\n"
    "Current thread 0x00007fd00b0bd040 (most recent call first):\n"
    "  File \"/usr/lib/python3.11/multiprocessing/synchronize.py\", line 170 in __repr__\n"
    "  File \"/home/u/crash.py\", line 17 in work\n"
    "  File \"/usr/lib/python3.11/multiprocessing/pool.py\", line 125 in worker\n"
    "  File \"/usr/lib/python3.11/multiprocessing/process.py\", line 108 in run\n"
    "  File \"<string>\", line 1 in <module>\n"
    "\n"
    "Extension modules: _multiprocessing (total: 1)\n";

TEST(ChildCrashesTest, CountsFaulthandlerReportsAndKeepsTheFirstStack) {
  ChildCrashes c;
  const std::string text = "a worker's own line\n" + kReport + kReport + kReport;
  // Fed in pieces that cut lines in two, as pipe reads do.
  for (size_t i = 0; i < text.size(); i += 7) c.feed(text.data() + i, std::min<size_t>(7, text.size() - i));
  EXPECT_EQ(c.count(), 3);
  EXPECT_EQ(c.signal(), SIGSEGV);
  ASSERT_EQ(c.first_stack().size(), 5u);
  EXPECT_EQ(c.first_stack()[1].line, 17);
  EXPECT_TRUE(c.in_pool_worker());
  EXPECT_FALSE(c.loop());
  EXPECT_EQ(c.first_report().find("Extension modules"), std::string::npos);
}

TEST(ChildCrashesTest, EightCrashedPoolWorkersAreALoop) {
  ChildCrashes c;
  for (int i = 0; i < ChildCrashes::kLoop; ++i) c.feed(kReport.data(), kReport.size());
  EXPECT_TRUE(c.loop());
}

TEST(ChildCrashesTest, OtherFatalErrorsAndTracebacksAreNotCrashes) {
  ChildCrashes c;
  const std::string text =
      "Fatal Python error: init_import_site: Failed to import the site module\n"
      "Traceback (most recent call last):\n  File \"x.py\", line 1 in <module>\nValueError\n"
      "Stack (most recent call first):\n  File \"x.py\", line 3 in f\n";  // the harness's own dump
  c.feed(text.data(), text.size());
  EXPECT_EQ(c.count(), 0);
}

TEST(ChildCrashesTest, TheSentenceNamesTheSignalCountAndTheProgramsLine) {
  ChildCrashes c;
  for (int i = 0; i < 12; ++i) c.feed(kReport.data(), kReport.size());
  const auto source = [](const std::string& file, int line) -> std::string {
    return file == "/home/u/crash.py" && line == 17 ? "    print(lock)" : "";
  };
  EXPECT_EQ(crashes_sentence(c, true, source),
            "pool workers died of SIGSEGV 12 times, first at crash.py:17, `print(lock)` (inside __repr__(), "
            "synchronize.py:170); the pool replaced them without end");
  EXPECT_EQ(crashes_sentence(ChildCrashes{}, true, source), "");
}

TEST(FatalErrorSignalTest, NamesFaulthandlerUses) {
  EXPECT_EQ(fatal_error_signal("Segmentation fault"), SIGSEGV);
  EXPECT_EQ(fatal_error_signal("Aborted"), SIGABRT);
  EXPECT_EQ(fatal_error_signal("Floating point exception"), SIGFPE);
  EXPECT_EQ(fatal_error_signal("Bus error"), SIGBUS);
  EXPECT_EQ(fatal_error_signal("Illegal instruction"), SIGILL);
  EXPECT_EQ(fatal_error_signal("_PyMem_DebugMalloc: ..."), 0);
}

}  // namespace
}  // namespace mpc
