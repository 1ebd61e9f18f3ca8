"""`mpconform check` on programs whose output varies by itself (tests/check/noisy):
a command-line tool that prints its elapsed time, timestamps and worker pids, and a
"web" program whose threads log access lines with timestamps, behave the same
everywhere, so no cell is a break and check exits 0, saying what it compared
loosely and having run again only the baseline (and the cells that still
differed). A program whose only dependency, NumPy, is missing for one interpreter
gets that said once for that interpreter, out of the verdict. The same programs
with --reruns 0 (first runs compared line by line) do break: the reruns, not
luck, are what tell the difference."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, SOURCE_DIR  # noqa: E402
from check_test import run_check  # noqa: E402

NOISY = os.path.join(SOURCE_DIR, "tests", "check", "noisy")
RUNNERS = os.path.join(os.path.dirname(os.environ["MPCONFORM"]), "runners")


def run_noisy(program, *args, extra=()):
    code, doc, out, err = run_check(program, *args, extra=extra, folder=NOISY)
    check(doc is not None, "%s: no check.json\n%s%s" % (program, out, err))
    return code, doc, out, err


def elapsed_time_is_no_break():
    code, doc, out, err = run_noisy("resize_images.py", "--workers", "2", "--count", "8")
    check(code == 0, "resize_images: exit %d, breaks %s\n%s%s" % (code, [b["method"] for b in doc["breaks"]], out, err))
    check(all(c["status"] in ("baseline", "same") for c in doc["cells"]), "statuses %s" % doc["cells"])
    base = doc["baselines"][0]
    check(base["method"] == "fork" and base["runs"] == 2, "baseline %s" % base)
    check(any("compared by shape" in d for d in base["discounted"]), "discounted %s" % base["discounted"])
    check(doc["reruns"]["baselines"] == 1, "reruns %s" % doc["reruns"])
    check("what varies by itself between runs (not a break):" in out, "terminal:\n" + out)
    # Without the rerun, the same program's timings are differences.
    code, doc, out, err = run_noisy("resize_images.py", "--workers", "2", "--count", "8", extra=["--reruns", "0"])
    check(code == 1 and doc["breaks"], "resize_images --reruns 0: exit %d\n%s" % (code, out))


def access_log_timestamps_are_no_break():
    code, doc, out, err = run_noisy("access_log.py", extra=["--method", "fork", "--method", "spawn"])
    check(code == 0, "access_log: exit %d\n%s%s" % (code, out, err))
    check(doc["breaks"] == [], "access_log breaks %s" % doc["breaks"])


def missing_module_said_once_per_interpreter():
    without_numpy = [v for v in ("3.12.1", "3.13.0", "3.10.13")
                     if os.path.exists(os.path.join(RUNNERS, "mpconform-runner-" + v))]
    if not without_numpy:
        print("skip: no runner for an interpreter without NumPy")
        return
    other = without_numpy[0]
    code, doc, out, err = run_noisy("column_stats.py", extra=["--python", "/usr/bin/python3", "--python", other,
                                                              "--method", "fork", "--method", "spawn"])
    check(code == 0, "column_stats: exit %d\n%s%s" % (code, out, err))
    failures = doc["interpreter_failures"]
    check(len(failures) == 1 and failures[0]["python"] == other and failures[0]["module"] == "numpy",
          "interpreter_failures %s" % failures)
    check(failures[0]["cause"] == "numpy is not importable by %s: its cells say nothing about start methods" % other,
          "cause %s" % failures[0]["cause"])
    check(doc["breaks"] == [], "column_stats breaks %s" % doc["breaks"])
    statuses = {(c["python"], c["method"]): c["status"] for c in doc["cells"]}
    check(statuses[(other, "fork")] == "fails-before" and statuses[(other, "spawn")] == "fails-before",
          "statuses %s" % statuses)
    check(out.count("numpy is not importable by " + other) >= 1 and "not checked:" in out, "terminal:\n" + out)


if __name__ == "__main__":
    which = sys.argv[1:] or ["elapsed_time_is_no_break", "access_log_timestamps_are_no_break",
                             "missing_module_said_once_per_interpreter"]
    for name in which:
        globals()[name]()
        print("ok:", name)
    print("PASS")
