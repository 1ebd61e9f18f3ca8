"""`mpconform check` end to end on the small programs of tests/check, each run on
the system python3 under all four methods, with assertions on check.json: what
works, what breaks, the culprit and its line, the call that sent it, the
module-level line without a main guard, a program choosing its own method (by
set_start_method and by get_context), output that differs where the outcome
does not, and the usage errors (exit 2, nothing run)."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, run, SOURCE_DIR  # noqa: E402

PROGRAMS = os.path.join(SOURCE_DIR, "tests", "check")


def run_check(program, *args, extra=(), folder=PROGRAMS):
    """Runs `check` from `folder` (the programs read files there); returns
    (exit code, check.json, stdout, stderr)."""
    report_dir = tempfile.mkdtemp(prefix="mpconform-check-")
    here = os.getcwd()
    os.chdir(folder)
    try:
        code, out, err = run(["check", "--report-dir", report_dir] + list(extra) + [program] + list(args))
    finally:
        os.chdir(here)
    path = os.path.join(report_dir, "check.json")
    doc = json.load(open(path)) if os.path.exists(path) else None
    for name in ("results.json", "junit.xml", "summary.md", "report.html"):
        if doc is not None:
            check(os.path.exists(os.path.join(report_dir, name)), "%s missing from %s" % (name, report_dir))
    return code, doc, out, err


def statuses(doc):
    return {c["method"]: (c["status"], c["outcome"]) for c in doc["cells"]}


def breaks_by_method(doc):
    return {b["method"]: b for b in doc["breaks"]}


def nested_target():
    code, doc, out, err = run_check("nested_target.py")
    check(code == 1, "nested_target: exit %d, expected 1\n%s%s" % (code, out, err))
    check(doc["baseline"]["method"] == "fork", "nested_target: baseline %s" % doc["baseline"])
    s = statuses(doc)
    check(s["fork"] == ("baseline", "ok"), "nested_target: fork %s" % (s["fork"],))
    check(s["default"] == ("same", "ok"), "nested_target: default (fork on 3.11) %s" % (s["default"],))
    b = breaks_by_method(doc)
    check(sorted(b) == ["forkserver", "spawn"], "nested_target: breaks %s" % sorted(b))
    for method in ("spawn", "forkserver"):
        x = b[method]
        check(x["outcome"] == "pickling-error", "nested_target %s: %s" % (method, x["outcome"]))
        check(x["culprit"]["name"] == "run_job.<locals>.producer", "culprit %s" % x["culprit"])
        check(x["culprit"]["kind"] == "local function", "kind %s" % x["culprit"])
        check(x["culprit"]["line"] == 7 and x["culprit"]["file"].endswith("nested_target.py"), "line %s" % x["culprit"])
        check(x["sent_by"] == {"call": "Process.start", "file": "nested_target.py", "line": 12},
              "sent_by %s" % x["sent_by"])
        check("move `producer` to module level" in x["remedy"], "remedy %s" % x["remedy"])
    check(b["spawn"]["default_on"] == ["macOS >= 3.8", "Windows"], "spawn default_on %s" % b["spawn"]["default_on"])
    check(b["forkserver"]["default_on"] == ["Linux >= 3.14"], "forkserver default_on")
    check("run_job.<locals>.producer" in out and "verdict: breaks in 2 of 4 cells" in out, "terminal:\n" + out)


def pool_lambda():
    code, doc, out, err = run_check("pool_lambda.py")
    check(code == 1, "pool_lambda: exit %d" % code)
    check(doc["baseline"] is None, "pool_lambda: baseline %s, expected none" % doc["baseline"])
    check(len(doc["breaks"]) == 4, "pool_lambda: %d breaks" % len(doc["breaks"]))
    for x in doc["breaks"]:
        check(x["outcome"] == "pickling-error", "pool_lambda %s: %s" % (x["method"], x["outcome"]))
        check(x["culprit"]["name"] == "main.<locals>.<lambda>" and x["culprit"]["kind"] == "lambda"
              and x["culprit"]["line"] == 7, "pool_lambda culprit %s" % x["culprit"])
        check(x["sent_by"] == {"call": "Pool.map", "file": "pool_lambda.py", "line": 7},
              "pool_lambda sent_by %s" % x["sent_by"])
    check("verdict: works in none of the 4 cells" in out, "terminal:\n" + out)


def no_main_guard():
    code, doc, out, err = run_check("no_main_guard.py")
    check(code == 1, "no_main_guard: exit %d" % code)
    check(doc["baseline"]["method"] == "fork", "no_main_guard: baseline %s" % doc["baseline"])
    b = breaks_by_method(doc)
    check(sorted(b) == ["forkserver", "spawn"], "no_main_guard: breaks %s" % sorted(b))
    for method in ("spawn", "forkserver"):
        x = b[method]
        check(x["outcome"] == "bootstrap-error", "no_main_guard %s: %s" % (method, x["outcome"]))
        line = x["module_level_line"]
        check(line["line"] == 11 and line["file"].endswith("no_main_guard.py"), "module-level line %s" % line)
        check('if __name__ == "__main__":' in x["remedy"], "remedy %s" % x["remedy"])


def own_method():
    code, doc, out, err = run_check("own_method.py")
    check(code == 0, "own_method: exit %d\n%s%s" % (code, out, err))
    chosen = doc["chooses_own_method"]
    check(chosen and chosen["file"] == "own_method.py" and chosen["line"] == 11 and chosen["method"] == "spawn",
          "own_method: %s" % chosen)
    lost = sorted(c["method"] for c in chosen["meaningless_cells"])
    check(lost == ["default", "fork", "forkserver"], "own_method: meaningless %s" % lost)
    check(all(c["outcome"] == "ok" for c in doc["cells"]), "own_method: %s" % statuses(doc))
    check("chooses its method itself at own_method.py:11" in out, "terminal:\n" + out)


def output_differs():
    # Works everywhere (outcome ok), prints otherwise under spawn and forkserver.
    code, doc, out, err = run_check("global_in_guard.py")
    check(code == 1, "global_in_guard: exit %d" % code)
    b = breaks_by_method(doc)
    check(sorted(b) == ["forkserver", "spawn"], "global_in_guard: breaks %s" % sorted(b))
    for method in ("spawn", "forkserver"):
        d = b[method]["output_difference"]
        check(b[method]["outcome"] == "ok", "global_in_guard %s: %s" % (method, b[method]["outcome"]))
        check(d["stdout_missing"] == ["child sees MODE = production"] and d["stdout_extra"] == ["child sees MODE = unset"],
              "global_in_guard %s: %s" % (method, d))
    check("      + child sees MODE = unset" in out, "terminal:\n" + out)


def own_method_by_context():
    code, doc, out, err = run_check("choose_with_context.py")
    check(code == 0, "choose_with_context: exit %d" % code)
    chosen = doc["chooses_own_method"]
    check(chosen and chosen["call"] == "get_context" and chosen["method"] == "forkserver" and chosen["line"] == 10,
          "choose_with_context: %s" % chosen)
    lost = sorted(c["method"] for c in chosen["meaningless_cells"])
    check(lost == ["default", "fork", "spawn"], "choose_with_context: meaningless %s" % lost)


def fails_before_multiprocessing():
    code, doc, out, err = run_check("missing_import.py")
    check(code == 1, "missing_import: exit %d" % code)
    same = doc["fails_before_multiprocessing"]
    check(same and same["outcome"] == "exception:ModuleNotFoundError" and "missing_import.py:5" in same["cause"],
          "missing_import: %s" % same)
    check("breaks:" not in out and "fails the same way in all 4 cells before it reaches multiprocessing" in out,
          "terminal:\n" + out)


def deadlock_under_fork():
    # No fork cell works, so the baseline is spawn; the fork cells hang, explained.
    code, doc, out, err = run_check("lock_held_at_fork.py", extra=["--timeout", "20"])
    check(code == 1, "lock_held_at_fork: exit %d" % code)
    check(doc["baseline"]["method"] == "spawn", "lock_held_at_fork: baseline %s" % doc["baseline"])
    b = breaks_by_method(doc)
    check(sorted(b) == ["default", "fork"], "lock_held_at_fork: breaks %s" % sorted(b))
    x = b["fork"]
    check(x["outcome"] == "deadlock" and "holding it" in x["cause"] and "lock_held_at_fork.py:25" in x["cause"],
          "lock_held_at_fork fork: %s" % x)
    check("start processes before starting threads" in x["remedy"], "remedy %s" % x["remedy"])
    check(x["default_on"] == ["Linux < 3.14"], "default_on %s" % x["default_on"])


def portable():
    code, doc, out, err = run_check("portable.py", "x", "--method", "y")
    check(code == 0, "portable: exit %d\n%s%s" % (code, out, err))
    check(doc["breaks"] == [] and doc["chooses_own_method"] is None, "portable: %s" % doc["breaks"])
    check(doc["args"] == ["x", "--method", "y"], "portable: args %s" % doc["args"])
    check("verdict: works the same in all 4 cells" in out, "terminal:\n" + out)


def portable_output():
    # The program's own view: its arguments, stdin at end of file, the caller's cwd.
    report_dir = tempfile.mkdtemp(prefix="mpconform-check-")
    here = os.getcwd()
    os.chdir(PROGRAMS)
    try:
        code, out, err = run(["check", "--method", "spawn", "--report-dir", report_dir, "portable.py", "a b", "-q"])
    finally:
        os.chdir(here)
    check(code == 0, "portable (spawn): exit %d\n%s" % (code, err))
    cell = json.load(open(os.path.join(report_dir, "results.json")))["cells"][0]
    stdout = cell["evidence"]["stdout"]["text"]
    for line in ("args ['a b', '-q']", "stdin ''", "input read from the caller's directory", "[0, 1, 4, 9, 16]"):
        check(line in stdout, "portable stdout lacks %r:\n%s" % (line, stdout))


def runner_for(version):
    """Whether the build made a runner for Python `version` (X.Y)."""
    runners = os.path.join(os.path.dirname(os.environ["MPCONFORM"]), "runners")
    return any(n.startswith(version + ".") and n.endswith(".json") for n in os.listdir(runners))


def nested_target_on_314():
    # 3.14 made forkserver the Linux default: there the default cell breaks too.
    for version in ("3.14", "3.15"):
        if not runner_for(version):
            print("skip: no runner for %s" % version)
            continue
        code, doc, out, err = run_check("nested_target.py", extra=["--python", version])
        check(code == 1, "nested_target %s: exit %d\n%s" % (version, code, err))
        b = breaks_by_method(doc)
        check(sorted(b) == ["default", "forkserver", "spawn"], "nested_target %s: breaks %s" % (version, sorted(b)))
        check(b["default"]["resolved_method"] == "forkserver" and b["default"]["default_on"] == ["Linux >= 3.14"],
              "nested_target %s default: %s" % (version, b["default"]))
        check(b["default"]["culprit"]["name"] == "run_job.<locals>.producer", "culprit %s" % b["default"]["culprit"])


def module_mode():
    # -m MODULE: as `python -m` runs it, from the current folder.
    report_dir = tempfile.mkdtemp(prefix="mpconform-check-")
    here = os.getcwd()
    os.chdir(PROGRAMS)
    try:
        code, out, err = run(["check", "--report-dir", report_dir, "-m", "nested_target"])
        missing = run(["check", "-m", "no_such_module_here"])
    finally:
        os.chdir(here)
    check(code == 1, "-m nested_target: exit %d\n%s" % (code, err))
    doc = json.load(open(os.path.join(report_dir, "check.json")))
    check(doc["program"] == "-m nested_target", "program %s" % doc["program"])
    b = breaks_by_method(doc)
    check(sorted(b) == ["forkserver", "spawn"], "-m nested_target: breaks %s" % sorted(b))
    check(b["spawn"]["culprit"]["name"] == "run_job.<locals>.producer", "culprit %s" % b["spawn"]["culprit"])
    check(missing[0] == 2 and "no module named no_such_module_here" in missing[2], "missing module: %s" % (missing,))


def usage_errors():
    for args, words in ((["check"], "no program given"),
                        (["check", "/nonexistent/prog.py"], "no such program: /nonexistent/prog.py"),
                        (["check", "--bogus", "prog.py"], "bogus")):
        code, out, err = run(args)
        check(code == 2, "%s: exit %d, expected 2" % (args, code))
        lines = [l for l in err.splitlines() if l.strip()]
        check(len(lines) == 1 and words in lines[0], "%s: stderr %r" % (args, err))
        check("cells" not in out, "%s ran something: %s" % (args, out))


if __name__ == "__main__":
    which = sys.argv[1:] or ["usage_errors", "portable_output", "portable", "own_method", "nested_target",
                             "pool_lambda", "no_main_guard", "output_differs", "own_method_by_context", "fails_before_multiprocessing", "deadlock_under_fork", "nested_target_on_314", "module_mode"]
    for name in which:
        globals()[name]()
        print("ok:", name)
    print("PASS")
