"""`mpconform check` names the causes of output differences from what the cell's
processes recorded: a class attribute set from argparse that a spawn child sees at
its import-time value (and then fails on), a print at the top of a script run
again by each spawned child, logging configured only in the parent's main(), and
a seeded NumPy generator that fork copies into every Pool worker. Small programs of
tests/check, system python3, spawn and fork only (enough for every cause; CI is
near its time budget)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import check  # noqa: E402
from check_test import run_check, statuses, breaks_by_method  # noqa: E402

METHODS = ["--method", "fork", "--method", "spawn"]


def kinds(b):
    return [c["kind"] for c in b["causes"]]


def lines(cause):
    return [(l["file"], l["line"]) for l in cause["lines"]]


def settings_from_argparse():
    code, doc, out, err = run_check("settings_pool.py", extra=METHODS)
    check(code == 1, "settings_pool: exit %d\n%s%s" % (code, out, err))
    s = statuses(doc)
    check(s["fork"] == ("baseline", "ok"), "settings_pool: fork %s" % (s["fork"],))
    b = breaks_by_method(doc)
    check(sorted(b) == ["spawn"], "settings_pool: breaks %s" % sorted(b))
    x = b["spawn"]
    check(x["outcome"] == "exception:TypeError", "settings_pool spawn: %s" % x["outcome"])
    check(kinds(x)[0] == "state_set_at_run_time", "settings_pool causes %s" % kinds(x))
    first = x["causes"][0]
    check(lines(first) == [("settings_pool.py", 23), ("settings_pool.py", 8)], "settings_pool lines %s" % lines(first))
    # The child's failure is the consequence, not the cause.
    # One worker or both may have said what they saw before the Pool was terminated.
    check(re.match(r"`Settings.threshold` is 0.75 in the parent when it started (the child|them) "
                   r"\(set at settings_pool.py:23\) but None in (the spawn child|2 spawn children) "
                   r"\(its import-time value, settings_pool.py:8\)", x["cause"]),
          "settings_pool cause: %s" % x["cause"])
    check("; consequence: the main process raised TypeError" in x["cause"], "consequence: %s" % x["cause"])
    check("initializer" in x["remedy"], "settings_pool remedy %s" % x["remedy"])
    check("Settings.threshold" in out, "terminal:\n" + out)


def print_at_top():
    code, doc, out, err = run_check("top_print.py", extra=METHODS)
    b = breaks_by_method(doc)
    check(sorted(b) == ["spawn"], "top_print: breaks %s\n%s" % (sorted(b), out))
    x = b["spawn"]
    check(x["outcome"] == "ok", "top_print spawn: %s" % x["outcome"])
    check(kinds(x) == ["module_level_code_ran_again"], "top_print causes %s" % kinds(x))
    check(x["cause"] == "module-level code ran again in each child that imported the main module: "
                       "top_print.py:1 wrote 'Loading model...' (2 more times)", "top_print cause: %s" % x["cause"])
    check(lines(x["causes"][0]) == [("top_print.py", 1)], "top_print lines %s" % lines(x["causes"][0]))
    check('if __name__ == "__main__":' in x["remedy"], "top_print remedy %s" % x["remedy"])


def logging_in_main():
    code, doc, out, err = run_check("logging_workers.py", extra=METHODS)
    b = breaks_by_method(doc)
    check(sorted(b) == ["spawn"], "logging_workers: breaks %s\n%s" % (sorted(b), out))
    x = b["spawn"]
    check(kinds(x) == ["logging_only_in_parent"], "logging_workers causes %s" % kinds(x))
    check(x["cause"].startswith("6 records logged in children reached no handler (logging is configured only in "
                                "the parent, at logging_workers.py:15 `logging.basicConfig("),
          "logging_workers cause: %s" % x["cause"])
    check(("logging_workers.py", 15) in lines(x["causes"][0]), "logging lines %s" % lines(x["causes"][0]))
    check("QueueHandler" in x["remedy"], "logging remedy %s" % x["remedy"])


def numpy_seeded_pool():
    code, doc, out, err = run_check("numpy_seeded.py", extra=METHODS)
    s = statuses(doc)
    # Spawn draws other numbers, and that alone is no break.
    check(doc["breaks"] == [], "numpy_seeded: breaks %s\n%s" % ([x["method"] for x in doc["breaks"]], out))
    check(s["spawn"] == ("same", "ok"), "numpy_seeded: spawn %s" % (s["spawn"],))
    cells = {c["method"]: c for c in doc["cells"]}
    check(cells["spawn"]["hazards"] == [], "spawn hazards %s" % cells["spawn"]["hazards"])
    # NumPy's own thread pool (OpenBLAS) is alive at the fork too: a hazard of its own, listed after.
    hazards = cells["fork"]["hazards"]
    check([h["kind"] for h in hazards][:1] == ["random_state_shared"] and
          set(h["kind"] for h in hazards) <= {"random_state_shared", "forked_beside_threads"},
          "fork hazards %s" % hazards)
    check(hazards[0]["sentence"] == "4 fork children started with the same NumPy global random state, seeded at "
                                    "numpy_seeded.py:11 `np.random.seed(0)`: they draw the same numbers",
          "fork hazard: %s" % hazards[0]["sentence"])
    check("default_rng" in hazards[0]["remedy"], "hazard remedy %s" % hazards[0]["remedy"])
    check("hazards (even where the output matches):" in out and "np.random.seed(0)" in out, "terminal:\n" + out)


if __name__ == "__main__":
    which = sys.argv[1:] or ["settings_from_argparse", "print_at_top", "logging_in_main", "numpy_seeded_pool"]
    for name in which:
        globals()[name]()
        print("ok:", name)
    print("PASS")
