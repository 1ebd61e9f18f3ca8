"""`mpconform check --os macos --os windows` end to end on the small programs of
tests/check written the way people write them: each rule of the lens that one
breaks is named once (check.json `os_rules`), with its CPython source, on the
emulated platform's cells only, labelled as emulated; a program that uses none of
them has no break; Windows' fork and forkserver cells are unsupported; and
`run --os` labels its cells in results.json. Usage: os_lens_test.py [NAME...]"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, run, SOURCE_DIR  # noqa: E402

PROGRAMS = os.path.join(SOURCE_DIR, "tests", "check")
LENSES = ["--os", "macos", "--os", "windows"]


def run_check(program, *args):
    report_dir = tempfile.mkdtemp(prefix="mpconform-oslens-")
    here = os.getcwd()
    os.chdir(PROGRAMS)
    try:
        code, out, err = run(["check", "--report-dir", report_dir] + LENSES + [program] + list(args))
    finally:
        os.chdir(here)
    path = os.path.join(report_dir, "check.json")
    check(os.path.exists(path), "%s: no check.json (exit %d)\n%s%s" % (program, code, out, err))
    doc = json.load(open(path))
    results = json.load(open(os.path.join(report_dir, "results.json")))
    return code, doc, results, out


def lens_of(row):
    return (row.get("os") or {}).get("name", "linux")


def breaks_for_rule(program, rule, lens, words, source_words, outcome):
    code, doc, results, out = run_check(program)
    check(code == 1, "%s: exit %d, expected 1\n%s" % (program, code, out))
    rules = doc["os_rules"]
    check([r["rule"] for r in rules] == [rule], "%s: os_rules %s, expected one: %s" % (program, [r["rule"] for r in rules], rule))
    r = rules[0]
    check(words in r["sentence"], "%s: sentence %r lacks %r" % (program, r["sentence"], words))
    check(source_words in r["source"], "%s: source %r lacks %r" % (program, r["source"], source_words))
    check(r["os"]["label"].endswith("(emulated)"), "%s: label %s" % (program, r["os"]))
    for b in doc["breaks"]:
        check(lens_of(b) == lens, "%s: a break outside the %s lens: %s %s %s" % (program, lens, lens_of(b), b["method"], b["cause"]))
        check((b.get("os_rule") or {}).get("rule") == rule, "%s: break %s without the rule: %s" % (program, b["method"], b["cause"]))
        check(b["outcome"] == outcome, "%s: outcome %s, expected %s" % (program, b["outcome"], outcome))
        check(words in b["cause"] and "(emulated" in b["cause"], "%s: cause %r" % (program, b["cause"]))
    check(doc["breaks"], "%s: no break at all" % program)
    check("(emulated)" in out and "rule:   " + rule in out, "%s: terminal lacks the rule or the label:\n%s" % (program, out))
    check("macOS (emulated)" in out and "Windows (emulated)" in out, "%s: grid lacks a lens row:\n%s" % (program, out))
    windows = {c["method"]: c for c in doc["cells"] if lens_of(c) == "windows"}
    for method in ("fork", "forkserver"):
        check(windows[method]["outcome"] == "unsupported", "%s: windows %s is %s" % (program, method, windows[method]["outcome"]))
    check(windows["default"]["resolved_method"] == "spawn", "%s: windows default %s" % (program, windows["default"]))
    macos_default = [c for c in doc["cells"] if lens_of(c) == "macos" and c["method"] == "default"][0]
    check(macos_default["resolved_method"] == "spawn", "%s: macos default %s" % (program, macos_default))
    for cell in results["cells"]:
        if "os" in cell:
            check(cell["os"]["emulated"] is True and cell["os"]["name"] in ("macos", "windows"), "os field %s" % cell["os"])
            check(cell["os"]["rules"], "%s: no rules listed for %s" % (program, cell["os"]))
    check(any("os" not in c for c in results["cells"]), "linux cells must stay without an os field")
    check(doc["os_warnings"] == [], "%s: warnings %s" % (program, doc["os_warnings"]))


def qsize():
    breaks_for_rule("progress_qsize.py", "macos-queue-qsize", "macos",
                    "Queue.qsize() raises NotImplementedError on macOS", "Lib/multiprocessing/queues.py",
                    "exception:NotImplementedError")


def executor():
    breaks_for_rule("executor_workers.py", "windows-executor-workers", "windows",
                    "at most 61 workers", "_MAX_WINDOWS_WORKERS", "exception:ValueError")


def shared_memory_name():
    breaks_for_rule("shm_named.py", "macos-shm-name", "macos",
                    "longer than 30 characters", "Lib/multiprocessing/shared_memory.py", "exception:OSError")


def plain():
    code, doc, results, out = run_check("plain_pool.py")
    check(code == 0, "plain_pool: exit %d, breaks %s\n%s" % (code, [(b["method"], b["cause"]) for b in doc["breaks"]], out))
    check(doc["os_rules"] == [] and doc["os_warnings"] == [], "plain_pool: %s %s" % (doc["os_rules"], doc["os_warnings"]))
    check(len(doc["cells"]) == 12, "plain_pool: %d cells, expected 4 methods x 3 platforms" % len(doc["cells"]))


def warnings():
    code, doc, results, out = run_check("fork_on_unix.py")
    kinds = [w["kind"] for w in doc["os_warnings"]]
    check(kinds == ["asks-for-fork", "tests-platform"], "fork_on_unix: warnings %s" % doc["os_warnings"])
    check(out.count("warning: ") == 2, "fork_on_unix: each warning said once:\n%s" % out)
    lines = {w["kind"]: w["line"] for w in doc["os_warnings"]}
    check(lines == {"asks-for-fork": 14, "tests-platform": 13}, "fork_on_unix: lines %s" % lines)
    # Under the Windows lens sys.platform is still "linux": the program asks for
    # fork there, which real Windows would not; the break says it is unsure.
    for b in doc["breaks"]:
        check(lens_of(b) == "windows" and "unsure: the program tests sys.platform itself" in b["cause"],
              "fork_on_unix: break %s %s: %s" % (lens_of(b), b["method"], b["cause"]))
    rule = doc["os_rules"][0] if doc["os_rules"] else {}
    check(rule.get("rule") == "windows-spawn-only" and rule.get("where", {}).get("file") == "fork_on_unix.py",
          "fork_on_unix: the rule and the user's line: %s" % rule)


def run_labels():
    report_dir = tempfile.mkdtemp(prefix="mpconform-oslens-run-")
    code, out, err = run(["run", "--report-dir", report_dir, "--case", "queue-qsize", "--os", "macos"])
    results = json.load(open(os.path.join(report_dir, "results.json")))
    oses = sorted(c.get("os", {}).get("name", "linux") for c in results["cells"])
    check(oses == ["linux"] * 4 + ["macos"] * 4, "run --os macos: cells %s" % oses)
    check("macOS (emulated)" in out, "run --os macos: matrix lacks the label:\n%s" % out)
    check(code == 0, "run --os macos: exit %d\n%s%s" % (code, out, err))


def catalog_under_both_lenses():
    """The os-lens cases of cases/platform on the host and under both lenses: every
    cell as its case expects (no FAIL, no NEW), each lens's rows labelled."""
    report_dir = tempfile.mkdtemp(prefix="mpconform-oslens-catalog-")
    code, out, err = run(["run", "--report-dir", report_dir, "--tag", "os-lens", "--os", "macos", "--os", "windows"])
    results = json.load(open(os.path.join(report_dir, "results.json")))
    by_os = {}
    for c in results["cells"]:
        by_os.setdefault(c.get("os", {}).get("name", "linux"), []).append(c)
    check(sorted(by_os) == ["linux", "macos", "windows"] and len({len(v) for v in by_os.values()}) == 1,
          "cells per os: %s" % {k: len(v) for k, v in by_os.items()})
    bad = ["%s %s %s: %s" % (c["case"], c["method"], c.get("os", {}).get("name", "linux"), c["verdict"])
           for c in results["cells"] if c["verdict"] != "PASS"]
    check(code == 0 and not bad, "run --tag os-lens: exit %d, not PASS: %s\n%s" % (code, bad, err[-2000:]))
    check("macOS (emulated)" in out and "Windows (emulated)" in out, "the lens rows are not labelled:\n" + out)


if __name__ == "__main__":
    which = sys.argv[1:] or ["qsize", "executor", "shared_memory_name", "plain", "warnings", "run_labels",
                             "catalog_under_both_lenses"]
    for name in which:
        globals()[name]()
        print("ok:", name)
    print("PASS")
