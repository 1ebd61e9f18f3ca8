#include "hang_explanation.h"

#include <gtest/gtest.h>

#include <map>

namespace mpc {
namespace {

using nlohmann::json;

// Sources held in memory: file -> lines (from 1).
SourceLine fake_source(std::map<std::string, std::vector<std::string>> files) {
  return [files](const std::string& file, int line) -> std::string {
    auto it = files.find(file);
    if (it == files.end() || line < 1 || static_cast<size_t>(line) > it->second.size()) return "";
    return it->second[line - 1];
  };
}

std::string dump(const std::vector<PyFrame>& frames) { return format_python_stack(frames); }

HungProcess process(pid_t pid, pid_t ppid, const std::string& judgement, std::vector<ThreadWait> threads) {
  HungProcess p;
  p.pid = pid;
  p.ppid = ppid;
  p.role = ppid == 100 ? "child" : "main";
  p.judgement = judgement;
  p.threads = std::move(threads);
  return p;
}

ThreadWait blocked(pid_t tid, const std::vector<PyFrame>& stack, const std::string& native_where = "") {
  ThreadWait t;
  t.tid = tid;
  t.wait = "futex wait";
  t.python_stack = dump(stack);
  t.native_where = native_where;
  return t;
}

const std::string kCase = "/cases/case.py";
const std::string kMp = "/usr/lib/python3.11/multiprocessing/process.py";
const std::string kLogging = "/usr/lib/python3.11/logging/__init__.py";
const PyFrame kStart{kCase, 15, "<module>"};

AtFork fork_of(pid_t child, std::vector<ForkThread> threads, std::vector<long> tasks = {100}) {
  AtFork f;
  f.pid = child;
  f.parent_pid = 100;
  f.seq = 1;
  f.forking_native_id = 100;
  f.forking_stack = {{kMp, 121, "start"}, kStart};
  f.threads = std::move(threads);
  f.parent_tasks = std::move(tasks);
  return f;
}

ForkThread thread(const std::string& name, long tid, std::vector<PyFrame> stack) {
  ForkThread t;
  t.name = name;
  t.native_id = tid;
  t.stack = std::move(stack);
  return t;
}

std::vector<std::string> case_lines() {
  std::vector<std::string> lines(20, "");
  lines[6] = "        print(\"thread line\", i, file=sys.stderr)";  // 7
  lines[9] = "    with LOCK:";                                     // 10
  lines[10] = "        time.sleep(1)";                              // 11
  lines[11] = "    print(\"child\", file=sys.stderr)";             // 12
  lines[12] = "    LOCK.acquire()";                                 // 13
  lines[13] = "    log.info(\"child\")";                            // 14
  lines[14] = "    p.start()  # the fork";                          // 15
  return lines;
}

TEST(HangExplanationTest, StdioBufferLockNamesTheThreadInsidePrint) {
  const auto source = fake_source({{kCase, case_lines()}});
  auto hang = {process(200, 100, "stuck", {blocked(200, {{kCase, 12, "child"}, {kMp, 108, "run"}})})};
  auto forks = {fork_of(200, {thread("Thread-1 (chatter)", 101, {{kCase, 7, "chatter"}})}, {100, 101})};
  EXPECT_EQ(explain_hang(hang, forks, source),
            "pid 200 waits for the lock of sys.stderr's buffer in print() (case.py:12); at its fork "
            "(case.py:15, `p.start()`), thread 'Thread-1 (chatter)' was inside print() (case.py:7), holding it.");
}

TEST(HangExplanationTest, NamedLockIsHeldByTheThreadInsideItsWithBlock) {
  const auto source = fake_source({{kCase, case_lines()}});
  auto hang = {process(200, 100, "stuck", {blocked(200, {{kCase, 13, "needs_lock"}})})};
  auto forks = {fork_of(200, {thread("holder", 101, {{kCase, 11, "hold"}})}, {100, 101})};
  const std::string why = explain_hang(hang, forks, source);
  EXPECT_NE(why.find("waits for `LOCK` at case.py:13, `LOCK.acquire()`"), std::string::npos) << why;
  EXPECT_NE(why.find("thread 'holder' was at case.py:11, `time.sleep(1)`, inside `with LOCK:` (line 10), holding it"),
            std::string::npos) << why;
}

TEST(HangExplanationTest, AThreadTakingTheLockIsNotSaidToHoldItButToBeTheOneThatCanHave) {
  // Its acquire may have succeeded in C while it waited for the GIL back: with no
  // thread inside the lock, it is the one thread that can have held it.
  const auto source = fake_source({{kCase, case_lines()}});
  auto hang = {process(200, 100, "stuck", {blocked(200, {{kCase, 13, "needs_lock"}})})};
  auto forks = {fork_of(200, {thread("waiter", 101, {{kCase, 10, "hold"}})}, {100, 101})};
  const std::string why = explain_hang(hang, forks, source);
  EXPECT_EQ(why.find("holding it"), std::string::npos) << why;
  EXPECT_NE(why.find("thread 'waiter' was taking it (`with LOCK:` in case.py:10); no thread was inside it, and an "
                     "acquire that has succeeded still stands at its line until the thread has the GIL back, so "
                     "that thread is the one that can have held it."),
            std::string::npos) << why;
}

TEST(HangExplanationTest, LoggingHandlerLockNamesTheThreadInsideLogging) {
  const auto source = fake_source({{kCase, case_lines()}});
  auto hang = {process(200, 100, "stuck", {blocked(200, {{kLogging, 900, "acquire"}, {kLogging, 950, "handle"},
                                                          {kCase, 14, "child_logs"}})})};
  auto forks = {fork_of(200, {thread("Thread-1", 101, {{kCase, 11, "write"}, {kLogging, 996, "emit"},
                                                       {kLogging, 950, "handle"}, {kCase, 7, "chatter"}})},
                        {100, 101})};
  const std::string why = explain_hang(hang, forks, source);
  EXPECT_NE(why.find("waits for the lock of a logging handler in logging's acquire() (case.py:14"), std::string::npos)
      << why;
  EXPECT_NE(why.find("thread 'Thread-1' was inside logging's emit() (logging/__init__.py:996, at case.py:11"),
            std::string::npos) << why;
}

TEST(HangExplanationTest, ImportLockNamesTheThreadImporting) {
  const auto source = fake_source({{kCase, case_lines()}});
  const std::string boot = "<frozen importlib._bootstrap>";
  auto hang = {process(200, 100, "stuck", {blocked(200, {{boot, 100, "acquire"}, {boot, 1170, "_find_and_load"},
                                                          {kCase, 14, "child"}})})};
  auto forks = {fork_of(200, {thread("importer", 101, {{"/x/slow_module.py", 3, "<module>"},
                                                       {boot, 1170, "_find_and_load"}, {kCase, 7, "load"}})},
                        {100, 101})};
  const std::string why = explain_hang(hang, forks, source);
  EXPECT_NE(why.find("waits for an import lock in importlib's acquire()"), std::string::npos) << why;
  EXPECT_NE(why.find("thread 'importer' was importing (<frozen importlib._bootstrap>:1170, at slow_module.py:3)"), std::string::npos) << why;
}

TEST(HangExplanationTest, NativePoolCountsTheParentsThreadsPythonDidNotStart) {
  const auto source = fake_source({{kCase, case_lines()}});
  ThreadWait spinning = blocked(200, {{kCase, 11, "product"}}, "?? in libopenblas.so.0, from GOMP_parallel in libgomp.so.1");
  spinning.wait = "a spin loop in libopenblas.so.0";
  ThreadWait worker;
  worker.tid = 102;
  worker.wait = "futex wait";
  worker.native_where = "?? in libgomp.so.1";
  auto hang = {process(100, 1, "waiting on children", {blocked(100, {kStart}), worker}),
               process(200, 100, "stuck", {spinning})};
  auto forks = {fork_of(200, {}, {100, 102})};
  const std::string why = explain_hang(hang, forks, source);
  EXPECT_NE(why.find("pid 200 waits in libgomp's OpenMP thread pool"), std::string::npos) << why;
  EXPECT_NE(why.find("the parent had 1 thread Python did not start (102 in ?? in libgomp.so.1)"), std::string::npos)
      << why;
}

TEST(HangExplanationTest, ChildrenStuckTheSameWayAreCountedOnce) {
  const auto source = fake_source({{kCase, case_lines()}});
  std::vector<HungProcess> hang;
  std::vector<AtFork> forks;
  for (pid_t pid : {200, 201, 202}) {
    hang.push_back(process(pid, 100, "stuck", {blocked(pid, {{kCase, 12, "child"}})}));
    forks.push_back(fork_of(pid, {thread("chatter", 101, {{kCase, 7, "chatter"}})}, {100, 101}));
  }
  const std::string why = explain_hang(hang, forks, source);
  EXPECT_NE(why.find("pid 200 waits"), std::string::npos) << why;
  EXPECT_NE(why.find("pids 201 and 202 wait for the same."), std::string::npos) << why;
}

TEST(HangExplanationTest, WithoutARecordOrOtherThreadsItSaysOnlyWhatIsKnown) {
  const auto source = fake_source({{kCase, case_lines()}});
  auto hang = {process(200, 100, "stuck", {blocked(200, {{kCase, 12, "child"}})})};
  EXPECT_NE(explain_hang(hang, {}, source).find("its fork was not recorded"), std::string::npos);
  auto alone = {fork_of(200, {})};
  EXPECT_NE(explain_hang(hang, alone, source).find("the parent had no other Python thread"), std::string::npos);
  auto main_stuck = {process(100, 1, "stuck", {blocked(100, {{kCase, 13, "<module>"}})})};
  EXPECT_EQ(explain_hang(main_stuck, {}, source),
            "pid 100 waits for `LOCK` at case.py:13, `LOCK.acquire()` (the main process, which no fork made).");
  // A parent waiting on children is not the cause; with no stuck process there is nothing to say.
  auto waiting = {process(100, 1, "waiting on children", {blocked(100, {kStart})})};
  EXPECT_EQ(explain_hang(waiting, {}, source), "");
}

TEST(AtForkTest, ReadsTheRecordsAndSkipsBrokenOnes) {
  const json events = json::parse(R"([
    {"event":"at_fork","pid":200,"parent_pid":100,"seq":1,"forking_native_id":100,
     "forking_stack":[["/cases/case.py",15,"<module>"]],
     "threads":[{"name":"t","ident":5,"native_id":101,"daemon":true,"stack":[["/cases/case.py",7,"f"]]}],
     "threads_not_recorded":0,"parent_tasks":[100,101,102]},
    {"event":"at_fork","pid":"x"},
    {"event":"at_fork","pid":201,"parent_pid":100,"threads":[{"name":null,"stack":[["f",1]]}],"parent_tasks":[100,103]}
  ])");
  int bad = 0;
  const auto records = read_at_forks(events, &bad);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(bad, 1);
  EXPECT_EQ(records[0].native_threads(), std::vector<long>{102});
  EXPECT_EQ(records[0].native_thread_count(), 1);
  EXPECT_TRUE(records[0].threads[0].daemon);
  // No native ids (Python before 3.8): which tid is Python's is unknown, the count is not.
  EXPECT_TRUE(records[1].native_threads().empty());
  EXPECT_EQ(records[1].native_thread_count(), 0);
  EXPECT_TRUE(records[1].threads[0].stack.empty());  // a malformed frame is dropped
  const json ev = at_fork_evidence(records[0], "p.start()");
  EXPECT_EQ(ev["where"], "/cases/case.py:15");
  EXPECT_EQ(ev["call"], "p.start()");
  EXPECT_EQ(ev["threads"][0]["python_stack"],
            "Stack (most recent call first):\n  File \"/cases/case.py\", line 7 in f\n");
}

TEST(AtForkTest, FaulthandlerDumpsParseBack) {
  const std::vector<PyFrame> frames = {{"/a b/x.py", 3, "f"}, {"<frozen importlib._bootstrap>", 1170, "_find_and_load"}};
  const auto back = parse_python_stack("Thread 0x00007f (most recent call first):\n" +
                                       format_python_stack(frames).substr(32));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].file, "/a b/x.py");
  EXPECT_EQ(back[1].line, 1170);
  EXPECT_EQ(short_file("/usr/lib/python3.11/logging/__init__.py"), "logging/__init__.py");
  EXPECT_TRUE(is_library_frame(back[1]));
  EXPECT_TRUE(is_library_frame({"/usr/lib/python3/dist-packages/torch/x.py", 1, "f"}));
  EXPECT_FALSE(is_library_frame({"/home/me/app/jobs.py", 1, "f"}));
  // The hooks, built or installed, are mpconform's.
  EXPECT_TRUE(is_harness_frame({"/src/mpconform/harness/pyhooks/mpconform_check.py", 41, "_emit"}));
  EXPECT_TRUE(is_harness_frame({"/usr/share/mpconform/pyhooks/mpconform_check.py", 41, "_emit"}));
  EXPECT_FALSE(is_harness_frame({"/home/me/app/jobs.py", 1, "f"}));
}

}  // namespace
}  // namespace mpc

namespace mpc {
namespace {

// Issue 22's shape: a thread logs in a loop through a QueueHandler into a
// queue.Queue; a forked pool worker that logs waits on the queue's mutex, which
// that thread held at the fork, deep in the standard library.
const std::string kQueue = "/usr/lib/python3.11/queue.py";
const std::string kThreading = "/usr/lib/python3.11/threading.py";
const std::string kHandlers = "/usr/lib/python3.11/logging/handlers.py";
const std::string kLog = "/usr/lib/python3.11/logging/__init__.py";
const std::string kApp = "/home/u/app.py";

SourceLine queue_sources() {
  std::vector<std::string> queue(200, "");
  queue[121] = "    def put(self, item, block=True, timeout=None):";  // 122
  queue[132] = "        with self.not_full:";                          // 133
  queue[133] = "            if self.maxsize > 0:";                     // 134
  queue[149] = "            self.not_empty.notify()";                  // 150
  queue[153] = "    def get(self, block=True, timeout=None):";         // 154
  queue[170] = "        with self.not_empty:";                         // 171
  queue[171] = "            if not block:";                            // 172
  queue[179] = "                    self.not_empty.wait()";            // 180
  std::vector<std::string> threading(400, "");
  threading[263] = "        return self._lock.__enter__()";            // 264
  threading[354] = "        if not self._is_owned():";                 // 355
  std::vector<std::string> app(70, "");
  app[15] = "        log.error(\"heartbeat %d\", n)";                 // 16
  app[19] = "    log.info(\"squaring %d\", x)";                      // 20
  app[62] = "        with Pool(4) as pool:";                          // 63
  return [=](const std::string& file, int line) -> std::string {
    const std::vector<std::string>* lines = file == kQueue ? &queue : file == kThreading ? &threading
                                            : file == kApp ? &app : nullptr;
    if (!lines || line < 1 || static_cast<size_t>(line) > lines->size()) return "";
    return (*lines)[line - 1];
  };
}

HungProcess worker_waiting_in_queue_put() {
  HungProcess p;
  p.pid = 300;
  p.ppid = 100;
  p.role = "child";
  p.judgement = "stuck";
  ThreadWait t;
  t.tid = 300;
  t.wait = "futex wait";
  t.python_stack = format_python_stack({{kThreading, 264, "__enter__"}, {kQueue, 133, "put"},
                                        {kQueue, 191, "put_nowait"}, {kHandlers, 1454, "enqueue"},
                                        {kHandlers, 1496, "emit"}, {kLog, 978, "handle"},
                                        {kLog, 1706, "callHandlers"}, {kLog, 1644, "handle"},
                                        {kLog, 1634, "_log"}, {kLog, 1489, "info"}, {kApp, 20, "square"}});
  p.threads = {t};
  return p;
}

AtFork pool_fork(std::vector<ForkThread> threads) {
  AtFork f;
  f.pid = 300;
  f.parent_pid = 100;
  f.seq = 1;
  f.forking_stack = {{"/usr/lib/python3.11/multiprocessing/pool.py", 329, "_repopulate_pool_static"},
                     {kApp, 63, "<module>"}};
  f.threads = std::move(threads);
  return f;
}

ForkThread logging_thread(std::vector<PyFrame> inner) {
  ForkThread t;
  t.name = "write_logs";
  t.native_id = 101;
  for (const PyFrame& f : {PyFrame{kQueue, 191, "put_nowait"}, PyFrame{kHandlers, 1454, "enqueue"},
                           PyFrame{kHandlers, 1496, "emit"}, PyFrame{kLog, 978, "handle"},
                           PyFrame{kLog, 1706, "callHandlers"}, PyFrame{kLog, 1644, "handle"},
                           PyFrame{kLog, 1634, "_log"}, PyFrame{kLog, 1518, "error"}, PyFrame{kApp, 16, "write_logs"}})
    inner.push_back(f);
  t.stack = std::move(inner);
  return t;
}

TEST(HangExplanationLibraryTest, TheHolderDeepInQueuePutIsNamedWithItsEntryFromTheProgram) {
  const std::string why =
      explain_hang({worker_waiting_in_queue_put()},
                   {pool_fork({logging_thread({{kThreading, 355, "notify"}, {kQueue, 150, "put"}})})}, queue_sources());
  EXPECT_NE(why.find("pid 300 waits for `self.not_full` in `queue.put` (queue.py:133) through `logging.info` "
                     "(app.py:20, `log.info(\"squaring %d\", x)`)"),
            std::string::npos) << why;
  EXPECT_NE(why.find("at its fork (app.py:63, `with Pool(4) as pool:`), thread 'write_logs' was inside `queue.put` "
                     "(`with self.not_full:`, queue.py:133) through `logging.error` (app.py:16, "
                     "`log.error(\"heartbeat %d\", n)`), holding it."),
            std::string::npos) << why;
}

TEST(HangExplanationLibraryTest, AThreadInsideQueueGetHoldsTheSameMutex) {
  ForkThread listener;
  listener.name = "Thread-1 (_monitor)";
  listener.stack = {{kQueue, 172, "get"}, {kHandlers, 1560, "dequeue"}, {kHandlers, 1600, "_monitor"}};
  const std::string why = explain_hang({worker_waiting_in_queue_put()}, {pool_fork({listener})}, queue_sources());
  EXPECT_NE(why.find("thread 'Thread-1 (_monitor)' was inside `queue.get` (`with self.not_empty:`, queue.py:171) "
                     "(`self.not_empty` is the queue's one mutex, as `self.not_full` is), holding it."),
            std::string::npos) << why;
}

TEST(HangExplanationLibraryTest, AThreadWaitingInsideTheQueueReleasedItsMutex) {
  // Condition.wait() releases the lock while waiting: a getter blocked in
  // not_empty.wait() holds nothing, and is not named holder.
  ForkThread getter;
  getter.name = "consumer";
  getter.stack = {{kThreading, 320, "wait"}, {kQueue, 180, "get"}, {kApp, 16, "consume"}};
  const std::string why = explain_hang({worker_waiting_in_queue_put()}, {pool_fork({getter})}, queue_sources());
  EXPECT_NE(why.find("no other thread of the parent was seen holding it"), std::string::npos) << why;
}

}  // namespace
}  // namespace mpc

namespace mpc {
namespace {

TEST(HangExplanationLibraryTest, AThreadLeavingTheWithBlockStillHoldsTheLock) {
  // As recorded on Debian's 3.11: back at the `with` line, inside Condition.__exit__
  // before the mutex is released.
  const std::string why = explain_hang(
      {worker_waiting_in_queue_put()},
      {pool_fork({logging_thread({{kThreading, 267, "__exit__"}, {kQueue, 133, "put"}})})}, queue_sources());
  EXPECT_NE(why.find("thread 'write_logs' was inside `queue.put` (`with self.not_full:`, queue.py:133) through "
                     "`logging.error`"),
            std::string::npos) << why;
}

TEST(HangExplanationLibraryTest, ThreadsEnteringTheQueuesMutexAreTheOnesThatCanHaveHeldIt) {
  // As recorded on Debian's 3.11 (the at-fork record taken after the hook's last
  // GIL release): the logging thread in queue.put and the listener in queue.get,
  // both at their `with` line inside Condition.__enter__, and nobody inside.
  ForkThread listener;
  listener.name = "Thread-1 (_monitor)";
  listener.stack = {{kThreading, 264, "__enter__"}, {kQueue, 171, "get"}, {kHandlers, 1560, "dequeue"},
                    {kHandlers, 1600, "_monitor"}};
  const std::string why = explain_hang(
      {worker_waiting_in_queue_put()},
      {pool_fork({logging_thread({{kThreading, 264, "__enter__"}, {kQueue, 133, "put"}}), listener})},
      queue_sources());
  EXPECT_EQ(why.find("holding it"), std::string::npos) << why;
  EXPECT_NE(why.find("thread 'write_logs' was taking it (`with self.not_full:` in `queue.put`, queue.py:133) "
                     "through `logging.error` (app.py:16, `log.error(\"heartbeat %d\", n)`) and thread "
                     "'Thread-1 (_monitor)' was taking it (`with self.not_empty:` in `queue.get`, queue.py:171); "
                     "no thread was inside it"),
            std::string::npos) << why;
  EXPECT_NE(why.find("so one of them held it."), std::string::npos) << why;
}

}  // namespace
}  // namespace mpc

namespace mpc {
namespace {

TEST(HangExplanationLibraryTest, TheWorkerOnALockOfItsOwnIsToldBeforeThoseWaitingBehindIt) {
  // Seen on Debian's 3.11: three workers wait on the pool's shared lock (a
  // semaphore across processes) while the fourth, which holds it, waits on its own
  // copy of the queue's mutex. That one is the cause, whatever order the pids come in.
  HungProcess behind = worker_waiting_in_queue_put();
  behind.pid = 299;
  behind.threads[0].tid = 299;
  behind.threads[0].python_stack =
      format_python_stack({{"/usr/lib/python3.11/multiprocessing/synchronize.py", 95, "__enter__"},
                           {"/usr/lib/python3.11/multiprocessing/pool.py", 114, "worker"}});
  const std::string why = explain_hang(
      {behind, worker_waiting_in_queue_put()},
      {pool_fork({logging_thread({{kThreading, 355, "notify"}, {kQueue, 150, "put"}})})}, queue_sources());
  EXPECT_EQ(why.rfind("pid 300 waits for `self.not_full` in `queue.put`", 0), 0u) << why;
}

}  // namespace
}  // namespace mpc
