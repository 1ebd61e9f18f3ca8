"""`mpconform check -m pytest` end to end on the suite in tests/check/suite (one
test fails only under fork, one only under spawn and forkserver, one passes
everywhere), on the system python3 under all four methods, with assertions on
check.json: the tests map, the two differing tests and their diagnoses (the
nested function named with its line), exit 1; a selection that passes
everywhere exits 0; a suite pytest never finishes still has the outcomes of the
tests that finished and names the test that hung; a suite slower than its idle
window runs on while tests finish, and is ended by a quiet spell or its cap; a Pool task pickled in a helper thread still names the test and the
call that sent it; and the usage errors (exit 2, one line, nothing run)."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, run, SOURCE_DIR  # noqa: E402

SUITE = "tests/check/suite"
FILE = SUITE + "/test_start_methods.py"
FORK_ONLY = FILE + "::test_child_sees_the_module_default"
NESTED = FILE + "::test_worker_defined_inside_the_test"
PASSES = FILE + "::test_pool_of_module_level_function"


def system_version():
    out = subprocess.run(["/usr/bin/python3", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                         stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    return out.strip()


def run_check(*args):
    """`check --report-dir DIR ARGS` from the source folder (the suite's ids are
    relative to it); returns (exit code, check.json or None, stdout, stderr)."""
    report_dir = tempfile.mkdtemp(prefix="mpconform-check-pytest-")
    here = os.getcwd()
    os.chdir(SOURCE_DIR)
    try:
        code, out, err = run(["check", "--report-dir", report_dir] + list(args))
    finally:
        os.chdir(here)
    path = os.path.join(report_dir, "check.json")
    doc = json.load(open(path)) if os.path.exists(path) else None
    results = os.path.join(report_dir, "results.json")
    return code, doc, out, err, (json.load(open(results)) if os.path.exists(results) else None)


def harness_files_in(folder):
    # The cells ran in the caller's folder: pytest's own bytecode may appear, but
    # nothing of the harness (its junit files) nor pytest's cache (disabled).
    return sorted(n for n in os.listdir(folder) if n not in ("__pycache__",) and
                  (n.endswith(".xml") or n == ".pytest_cache"))


def suite():
    cells = ["%s/%s" % (VERSION, m) for m in ("fork", "spawn", "forkserver", "default")]
    before = harness_files_in(SOURCE_DIR)
    code, doc, out, err, results = run_check("-m", "pytest", SUITE)
    check(code == 1, "suite: exit %d, expected 1\n%s%s" % (code, out, err))
    check(doc["program"] == "-m pytest" and doc["args"] == [SUITE], "program %s %s" % (doc["program"], doc["args"]))
    check(doc["baseline"] == {"python": VERSION, "method": "fork"}, "baseline %s" % doc["baseline"])
    expected = {
        FORK_ONLY: dict(zip(cells, ["failed", "passed", "passed", "failed"])),
        NESTED: dict(zip(cells, ["passed", "failed", "failed", "passed"])),
        PASSES: dict(zip(cells, ["passed"] * 4)),
    }
    check(doc["tests"] == expected, "tests map:\n%s" % json.dumps(doc["tests"], indent=1))
    status = {c["method"]: c["status"] for c in doc["cells"]}
    check(status == {"fork": "baseline", "spawn": "break", "forkserver": "break", "default": "same"},
          "statuses %s" % status)
    check(all(c["test_counts"] == {"passed": 2, "failed": 1, "error": 0, "skipped": 0} for c in doc["cells"]),
          "test counts %s" % [c["test_counts"] for c in doc["cells"]])

    differing = {t["test"]: t for t in doc["differing_tests"]}
    check(sorted(differing) == sorted([FORK_ONLY, NESTED]), "differing tests %s" % sorted(differing))
    fork_only = differing[FORK_ONLY]
    check(fork_only["baseline"] == "failed" and len(fork_only["failures"]) == 1, "fork-only %s" % fork_only)
    f = fork_only["failures"][0]
    check(f["cells"] == [cells[0], cells[3]] and f["culprit"] is None, "fork-only failure %s" % f)
    check("assert 'changed by the test' == 'hello'" in f["pytest_message"] and f["cause"].startswith("pytest's message: "),
          "fork-only message %s" % f)
    nested = differing[NESTED]
    check(nested["baseline"] == "passed" and len(nested["failures"]) == 1, "nested %s" % nested)
    f = nested["failures"][0]
    check(f["cells"] == [cells[1], cells[2]], "nested failure cells %s" % f["cells"])
    check(f["culprit"] == {"name": "test_worker_defined_inside_the_test.<locals>.worker", "kind": "local function",
                           "file": FILE, "line": 35, "path": "Process._target"}, "nested culprit %s" % f["culprit"])
    check(f["sent_by"] == {"call": "Process.start", "file": FILE, "line": 39}, "nested sent_by %s" % f["sent_by"])
    check("move `worker` to module level" in f["remedy"], "nested remedy %s" % f["remedy"])

    breaks = {b["method"]: b for b in doc["breaks"]}
    check(sorted(breaks) == ["forkserver", "spawn"], "breaks %s" % sorted(breaks))
    check([d["test"] for d in breaks["spawn"]["tests_differing"]] == [FORK_ONLY, NESTED],
          "spawn's differing tests %s" % breaks["spawn"]["tests_differing"])

    # The outcomes came from each cell's own junit file, kept in results.json.
    for cell in results["cells"]:
        junit = cell["evidence"]["pytest_junit"]
        check(junit["error"] is None and len(junit["tests"]) == 3, "%s junit %s" % (cell["method"], junit))
        argv = cell["evidence"]["facts"]["argv"]
        check(any(a.startswith("--junitxml=") and not a.startswith("--junitxml=" + SOURCE_DIR) for a in argv),
              "%s: junit file not in the cell's own folder: %s" % (cell["method"], argv))
    check(harness_files_in(SOURCE_DIR) == before and harness_files_in(os.path.join(SOURCE_DIR, SUITE)) == [],
          "the cells left files in the caller's folder: %s" % harness_files_in(SOURCE_DIR))

    for line in ("tests that differ from the baseline's outcome:", "  " + NESTED,
                 "    %s: fork passed (baseline), spawn failed, forkserver failed, default passed" % VERSION,
                 "test_worker_defined_inside_the_test.<locals>.worker (local function, defined at %s:35)" % FILE,
                 "verdict: breaks in 2 of 4 cells"):
        check(line in out, "terminal lacks %r:\n%s" % (line, out))


def selection_that_passes():
    code, doc, out, err, _ = run_check("-m", "pytest", SUITE, "-k", "pool")
    check(code == 0, "-k pool: exit %d\n%s%s" % (code, out, err))
    check(doc["breaks"] == [] and doc["differing_tests"] == [], "-k pool: %s" % doc["breaks"])
    check(list(doc["tests"]) == [PASSES], "-k pool: tests %s" % list(doc["tests"]))
    check(doc["verdict"] == "every test has the same outcome in all 4 cells: 1 passed", "verdict %s" % doc["verdict"])


HANGING = "tests/check/hanging_suite/test_waits_forever.py"
SLOW = "tests/check/slow_suite"
STEADY = SLOW + "/test_steady.py"


def hung_test_named():
    # pytest writes no junit file for a hung tree: the outcomes streamed before the
    # hang stand in, the hung test is named, the test never reached has none.
    code, doc, out, err, results = run_check("--method", "fork", "--timeout", "20", "-m", "pytest",
                                             "tests/check/hanging_suite")
    check(code == 1, "hanging suite: exit %d\n%s%s" % (code, out, err))
    cell = doc["cells"][0]
    hung = HANGING + "::test_waits_for_an_answer_that_never_comes"
    check(cell["outcome"] == "deadlock", "hanging cell's outcome %s" % cell["outcome"])
    check(cell["test_counts"] == {"passed": 1, "failed": 1, "error": 0, "skipped": 0} and
          cell["no_test_outcomes"] is None, "hanging cell %s" % cell)
    check(cell["cut_short"]["running"] == hung and cell["cut_short"]["collected"] == 4 and
          "no junit file" in cell["cut_short"]["no_junit"], "cut_short %s" % cell["cut_short"])
    check(doc["tests"] == {HANGING + "::test_passes_first": {VERSION + "/fork": "passed"},
                           HANGING + "::test_fails_second": {VERSION + "/fork": "failed"},
                           hung: {VERSION + "/fork": "hung"}}, "hanging tests map %s" % doc["tests"])
    b = doc["breaks"][0]
    check(b["cause"] == "hung in %s after 2 of 4 tests (1 passed, 1 failed)" % hung, "hanging break %s" % b["cause"])
    check(doc["baseline"] is None, "hanging: baseline %s" % doc["baseline"])
    check("hung in " + hung in out, "terminal lacks the hung test:\n%s" % out)
    stream = results["cells"][0]["evidence"]["pytest_stream"]
    check([t["test"] for t in stream["tests"]] == [HANGING + "::test_passes_first", HANGING + "::test_fails_second"] and
          "assert (1 + 1) == 3" in stream["tests"][1]["message"], "hanging stream %s" % stream)


def runs_on_while_tests_finish():
    # Six tests of about a second each, an idle window of 3 s: never idle that long.
    code, doc, out, err, results = run_check("--method", "fork", "--idle-timeout", "3", "-m", "pytest", SLOW,
                                             "-k", "not past")
    check(code == 0, "steady suite: exit %d\n%s%s" % (code, out, err))
    cell = results["cells"][0]
    stream = cell["evidence"]["pytest_stream"]
    check(cell["outcome"] == "ok" and cell["duration_s"] > 5, "steady cell %s after %.1f s" %
          (cell["outcome"], cell["duration_s"]))
    check(stream["idle_s"] == 3 and stream["ended_by"] is None and stream["collected"] == 6 and
          len(stream["tests"]) == 6 and stream["running"] is None, "steady stream %s" % stream)
    check(doc["cells"][0]["test_counts"] == {"passed": 6, "failed": 0, "error": 0, "skipped": 0} and
          doc["cells"][0]["cut_short"] is None, "steady row %s" % doc["cells"][0])


def idle_window_ends_a_slow_test():
    code, doc, out, err, results = run_check("--method", "fork", "--idle-timeout", "3", "-m", "pytest", SLOW,
                                             "-k", "past")
    check(code == 1, "slow test: exit %d\n%s%s" % (code, out, err))
    cell = results["cells"][0]
    check(cell["outcome"] == "timeout" and 2.9 < cell["duration_s"] < 10 and
          cell["evidence"]["pytest_stream"]["ended_by"] == "idle", "slow test's cell %s after %.1f s" %
          (cell["outcome"], cell["duration_s"]))
    cause = doc["breaks"][0]["cause"]
    check(cause == "no test finished for 3 s: still running %s::test_sleeps_past_the_idle_window after 0 of 1 tests"
          % STEADY, "slow test's cause %s" % cause)


def cap_ends_a_progressing_suite():
    code, doc, out, err, results = run_check("--method", "fork", "--idle-timeout", "3", "--timeout", "4",
                                             "-m", "pytest", SLOW, "-k", "not past")
    check(code == 1, "capped suite: exit %d\n%s%s" % (code, out, err))
    cell = results["cells"][0]
    check(cell["outcome"] == "timeout" and cell["duration_s"] < 8 and
          cell["evidence"]["pytest_stream"]["ended_by"] == "cap", "capped cell %s after %.1f s" %
          (cell["outcome"], cell["duration_s"]))
    row = doc["cells"][0]
    check(1 <= row["test_counts"]["passed"] < 6 and row["cut_short"]["running"].startswith(STEADY + "::"),
          "capped row %s" % row)
    cause = doc["breaks"][0]["cause"]
    check(cause.startswith("cut at its cap of 4 s while running " + STEADY + "::test_a_second_in_a_child["),
          "capped cause %s" % cause)


def pool_task_sent_by():
    # Pickled in a helper thread and caught by pytest: the call that sent it is
    # sampled from the main thread, still waiting in Pool.map.
    code, doc, out, err, results = run_check("--method", "fork", "-m", "pytest", "tests/check/pool_suite")
    check(code == 0 and doc["verdict"] == "1 cell checked: 1 failed", "pool suite: exit %d %s" % (code, doc["verdict"]))
    events = [e for e in results["cells"][0]["evidence"]["check_events"] if e["event"] == "pickling_failure"]
    check(events, "pool suite: no pickling_failure event")
    where = os.path.join(SOURCE_DIR, "tests/check/pool_suite/test_pool_task.py")
    for e in events:
        check(e["test"] == "tests/check/pool_suite/test_pool_task.py::test_lambda_as_pool_task" and
              e["test_phase"] == "call", "pool event's test %s %s" % (e.get("test"), e.get("test_phase")))
        check(e["culprit"]["kind"] == "lambda" and e["sent_by"] == {"call": "Pool.map", "file": where, "line": 10},
              "pool event %s" % e)


def runner_for(version):
    runners = os.path.join(os.path.dirname(os.environ["MPCONFORM"]), "runners")
    return any(n.startswith(version + ".") and n.endswith(".json") for n in os.listdir(runners))


def one_line(code, out, err, words, what):
    lines = [l for l in err.splitlines() if l.strip()]
    check(code == 2, "%s: exit %d, expected 2" % (what, code))
    check(len(lines) == 1 and words in lines[0], "%s: stderr %r" % (what, err))
    check("python " not in out and "verdict" not in out, "%s ran something: %s" % (what, out))


def usage_errors():
    code, doc, out, err, _ = run_check("-m", "pytest", SUITE, "--junitxml=mine.xml")
    one_line(code, out, err, "drop --junitxml", "--junitxml")
    check(doc is None, "--junitxml: a check.json was written")
    code, doc, out, err, _ = run_check("--idle-timeout", "3", "tests/check/portable.py")
    one_line(code, out, err, "--idle-timeout is for -m pytest suites only", "--idle-timeout")
    # An interpreter without pytest (the pyenv builds have none): one line, exit 2.
    for version in ("3.8", "3.9", "3.10", "3.12"):
        if runner_for(version):
            code, doc, out, err, _ = run_check("--python", version, "-m", "pytest", SUITE)
            one_line(code, out, err, "pytest is not installed for", "--python %s" % version)
            check(doc is None, "--python %s: a check.json was written" % version)
            break
    else:
        print("skip: no interpreter without pytest")


if __name__ == "__main__":
    if subprocess.run(["/usr/bin/python3", "-c", "import pytest"], stderr=subprocess.DEVNULL).returncode != 0:
        print("skip: pytest is not installed for /usr/bin/python3 (apt-get install python3-pytest)")
        sys.exit(77)
    VERSION = system_version()
    which = sys.argv[1:] or ["usage_errors", "suite", "selection_that_passes", "hung_test_named",
                             "runs_on_while_tests_finish", "idle_window_ends_a_slow_test",
                             "cap_ends_a_progressing_suite", "pool_task_sent_by"]
    for name in which:
        globals()[name]()
        print("ok:", name)
    print("PASS")
