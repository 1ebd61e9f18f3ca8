"""Issue 22's shapes, as a user would write them, through `check` on the system
Python (Debian's 3.11.2): a fork Pool beside a thread that logs through a
QueueHandler is `deadlock` while the parent keeps running, with the busy parent
said and the holder named inside queue.put; a spawn Pool whose workers die of
SIGSEGV is `crash:SIGSEGV` with the crashes counted and the loop said, well
before the deadline."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, fail, run, SOURCE_DIR  # noqa: E402

PROGRAMS = os.path.join(SOURCE_DIR, "tests", "check")
PYTHON = "/usr/bin/python3"
TRIES = 3  # the logging shape hangs by a race: nearly every run under the harness


def check_cell(program, timeout="30"):
    report_dir = tempfile.mkdtemp(prefix="mpconform-it-hangs-")
    code, out, err = run(["check", "--python", PYTHON, "--method", "fork", "--timeout", timeout,
                          "--report-dir", report_dir, os.path.join(PROGRAMS, program)])
    check(code in (0, 1), "check %s: exit %d\n%s%s" % (program, code, out, err))
    cells = json.load(open(os.path.join(report_dir, "results.json")))["cells"]
    return cells[0], out


def holder_named(cell):
    hang = cell["evidence"]["hang"] or {}
    why = hang.get("explanation") or ""
    return all(phrase in why for phrase in WAIT_PHRASES) and (
        all(phrase in why for phrase in HOLDING_PHRASES) or all(phrase in why for phrase in TAKING_PHRASES))


# The at-fork record is taken as the last thing before the fork, after the hook's
# own GIL releases. The logging thread is then seen inside queue.put (holding the
# mutex) or at its `with` line (taking it; an acquire that succeeded in C stands
# there until the GIL comes back), often beside the listener taking it too. A run
# can also hang another way: a worker waiting on the pool's shared lock behind a
# hung one.
WAIT_PHRASES = ("waits for `self.not_full` in `queue.put` (queue.py:", "through `logging.info`",
                "at its fork (logging_queue_thread.py:")
HOLDING_PHRASES = ("was inside `queue.", "holding it.")
TAKING_PHRASES = ("thread 'write_logs' was taking it (`with self.not_full:` in `queue.put`",
                  "through `logging.error` (logging_queue_thread.py:22", "no thread was inside it")


def deadlocked_beside_a_busy_parent():
    hung = []
    for _ in range(TRIES * 2):
        cell, out = check_cell("logging_queue_thread.py")
        if cell["outcome"] != "ok":
            hung.append(cell)
            if holder_named(cell) or len(hung) >= TRIES:
                break
    check(hung, "logging shape: never hung in %d runs" % (TRIES * 2))
    for cell in hung:
        ev = cell["evidence"]
        check(cell["outcome"] == "deadlock", "logging shape: %s (%s)" % (cell["outcome"], ev["because"]))
        hang = ev["hang"]
        check(hang["deadlocked_alone"], "logging shape: no process deadlocked on its own: %s" % ev["because"])
        for phrase in ("pool worker", "can never progress", "lock private to the process",
                       "Still busy beside", "(main): thread", "running at logging_queue_thread.py:",
                       "woken only by that process's own threads"):
            check(phrase in ev["because"], "logging shape: the cause lacks %r:\n%s" % (phrase, ev["because"]))
    check(any(holder_named(c) for c in hung),
          "logging shape: no explanation of %d hung runs named the holder:\n%s"
          % (len(hung), "\n".join((c["evidence"]["hang"] or {}).get("explanation") or "" for c in hung)))
    return "deadlock in %d of the hung runs, the holder named in %d" % (len(hung), sum(map(holder_named, hung)))


def hidden_hang():
    """Request threads start a child each, join it with a timeout and terminate it
    when late, beside a logging thread on stdout: the program exits 0 and says how
    many requests timed out. A fork child that deadlocked is found all the same,
    and its cell is a break with the program's own account of it."""
    for _ in range(TRIES):
        report_dir = tempfile.mkdtemp(prefix="mpconform-it-hidden-")
        code, out, err = run(["check", "-q", "--python", PYTHON, "--report-dir", report_dir,
                              os.path.join(PROGRAMS, "request_threads.py")])
        check(code in (0, 1), "hidden hang: exit %d\n%s%s" % (code, out, err))
        cells = json.load(open(os.path.join(report_dir, "results.json")))["cells"]
        doc = json.load(open(os.path.join(report_dir, "check.json")))
        for c in cells:
            check(c["outcome"] == "ok", "hidden hang: %s is %s, not the program's own ok: %s"
                  % (c["method"], c["outcome"], c["evidence"]["because"]))
            if c["method"] in ("spawn", "forkserver"):
                check(not c["evidence"]["deadlocked_unwaited"], "hidden hang: a %s child deadlocked: %s"
                      % (c["method"], c["evidence"]["deadlocked_unwaited"]))
        hidden = [b for b in doc["breaks"] if "deadlocked on its own" in b["cause"]]
        if not hidden:
            continue
        check(code == 1, "hidden hang: a break, yet exit %d" % code)
        check(doc["baseline"]["method"] in ("spawn", "forkserver"),
              "hidden hang: the baseline is %s" % doc["baseline"])
        cause = hidden[0]["cause"]
        for phrase in ("while nothing waited for it without a timeout", "killed by the program", "was dead when the program ended",
                       "At its fork (request_threads.py:23, `child.start()`), thread '",
                       "The program's own account, on stderr: `", "requests timed out`"):
            check(phrase in cause, "hidden hang: the cause lacks %r:\n%s" % (phrase, cause))
        return "hidden hang in %s, the baseline %s" % (
            ", ".join(b["method"] for b in hidden), doc["baseline"]["method"])
    fail("hidden hang: no fork child deadlocked in %d checks" % TRIES)


def crash_loop():
    cell, out = check_cell("pool_crash_loop.py", timeout="60")
    ev = cell["evidence"]
    check(cell["outcome"] == "crash:SIGSEGV", "crash loop: %s (%s)" % (cell["outcome"], ev["because"]))
    crashes = ev["child_crashes"]
    check(crashes and crashes["loop"] and crashes["pool_worker"] and crashes["count"] >= 8,
          "crash loop: %s" % crashes)
    check(crashes["first_signal"] == "SIGSEGV", "crash loop: first signal %s" % crashes["first_signal"])
    for phrase in ("pool workers died of SIGSEGV", "first at pool_crash_loop.py:17, `print(lock)`",
                   "the pool replaced them without end"):
        check(phrase in ev["because"], "crash loop: the cause lacks %r:\n%s" % (phrase, ev["because"]))
    check(ev["root_cause"] == {"process": "pool workers", "consequence": "timeout"},
          "crash loop: root cause %s" % ev["root_cause"])
    check(cell["duration_s"] < 30, "crash loop: ended after %.1f s, not early" % cell["duration_s"])
    check("the pool replaced them without end" in out, "check did not print the cause:\n%s" % out)
    return "%s after %.2f s: %s" % (cell["outcome"], cell["duration_s"], ev["because"])


print("ok: " + deadlocked_beside_a_busy_parent())
print("ok: " + hidden_hang())
print("ok: " + crash_loop())
sys.exit(0)
