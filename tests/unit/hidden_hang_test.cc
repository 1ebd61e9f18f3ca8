#include "hidden_hang.h"

#include <gtest/gtest.h>

namespace mpc {
namespace {

const std::string kApp = "/srv/app/request_threads.py";
const std::string kLogging = "/usr/lib/python3.11/logging/__init__.py";

SourceLine app_source() {
  return [](const std::string& file, int line) -> std::string {
    if (file == kApp && line == 23) return "    child.start()";
    if (file == kApp && line == 36) return "        log.info(\"GET /health 200\")";
    return "";
  };
}

TreeRun::UnwaitedDeadlock terminated_child() {
  TreeRun::UnwaitedDeadlock d;
  d.pid = 4242;
  d.ppid = 4200;
  d.why = "its only thread waits without a timeout on a lock private to the process";
  d.since_s = 0.14;
  d.last_seen_s = 3.03;
  d.gone = true;
  return d;
}

AtFork fork_beside_logger() {
  AtFork f;
  f.pid = 4242;
  f.parent_pid = 4200;
  f.forking_stack = {{"/usr/lib/python3.11/multiprocessing/process.py", 121, "start"}, {kApp, 23, "handle"}};
  ForkThread logger;
  logger.name = "access-log";
  logger.stack = {{kLogging, 1094, "flush"}, {kLogging, 1114, "emit"}, {kApp, 36, "access_log"}};
  f.threads = {logger};
  return f;
}

TEST(HiddenHangTest, AChildTheProgramKilledIsSaidWithTheThreadInsideALockAtItsFork) {
  const AtFork fork = fork_beside_logger();
  EXPECT_EQ(hidden_hang_sentence(terminated_child(), &fork, app_source()),
            "pid 4242 deadlocked on its own 0.1 s after the start (its only thread waits without a timeout on a "
            "lock private to the process) while nothing waited for it without a timeout, and was dead when the "
            "program ended (last seen waiting at 3.0 s): killed by the program, for it could never have woken and "
            "the harness ends nothing before the end. At its fork (request_threads.py:23, `child.start()`), thread "
            "'access-log' was inside logging's flush() (logging/__init__.py:1094, from request_threads.py:36, "
            "`log.info(\"GET /health 200\")`).");
}

TEST(HiddenHangTest, AChildStillThereOrWithoutARecordIsSaidAsFarAsKnown) {
  TreeRun::UnwaitedDeadlock d = terminated_child();
  d.gone = false;
  const std::string s = hidden_hang_sentence(d, nullptr, app_source());
  EXPECT_NE(s.find("was still there when the program ended. Its fork was not recorded."), std::string::npos) << s;
  AtFork alone = fork_beside_logger();
  alone.threads.clear();
  EXPECT_NE(hidden_hang_sentence(d, &alone, app_source()).find(", the parent had no other Python thread."),
            std::string::npos);
}

TEST(HiddenHangTest, EvidenceListsEveryOneWithItsSentence) {
  TreeRun tree;
  tree.deadlocked_unwaited = {terminated_child()};
  const auto j = hidden_hangs_json(tree, {fork_beside_logger()}, app_source());
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["pid"], 4242);
  EXPECT_EQ(j[0]["gone"], true);
  EXPECT_NE(j[0]["explanation"].get<std::string>().find("thread 'access-log'"), std::string::npos);
  EXPECT_TRUE(hidden_hangs_json(TreeRun{}, {}, app_source()).empty());
}

}  // namespace
}  // namespace mpc
