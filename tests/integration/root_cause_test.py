"""The root-cause rule on the interpreter it was made for: 3.14 preloads the main
module in the fork server, so without a main guard the server dies of the
bootstrap RuntimeError and the main process's start() gets ConnectionResetError.
The outcome is the server's error (bootstrap-error), in `run` (the catalog's
no-main-guard case, whose expectation says so) and in `check` (the module-level
line named), with the consequence kept as evidence."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, run, SOURCE_DIR  # noqa: E402

ROOT_CAUSE = {"process": "the fork server", "consequence": "exception:ConnectionResetError"}


def has_314():
    code, out, _ = run(["list"])
    return code == 0 and any(line.split()[:1] and line.split()[0].startswith("3.14.") for line in out.splitlines())


def in_run():
    report_dir = tempfile.mkdtemp(prefix="mpconform-rootcause-run-")
    code, out, err = run(["run", "--python", "3.14", "--case", "no-main-guard", "--report-dir", report_dir])
    check(code == 0, "run no-main-guard on 3.14: exit %d\n%s%s" % (code, out, err))
    cells = {c["method"]: c for c in json.load(open(os.path.join(report_dir, "results.json")))["cells"]}
    for method in ("forkserver", "default"):
        c = cells[method]
        check(c["outcome"] == "bootstrap-error" and c["verdict"] == "PASS",
              "run %s: %s %s" % (method, c["outcome"], c["verdict"]))
        check(c["evidence"]["root_cause"] == ROOT_CAUSE, "run %s: root_cause %s" % (method, c["evidence"]["root_cause"]))
        check(c["evidence"]["exception"]["type"] == "ConnectionResetError",
              "run %s: the consequence is not kept: %s" % (method, c["evidence"]["exception"]))
    check(cells["spawn"]["evidence"]["root_cause"] is None, "run spawn: a root cause where the child failed alone")
    return "run: forkserver and default bootstrap-error, ConnectionResetError kept as the consequence"


def in_check():
    report_dir = tempfile.mkdtemp(prefix="mpconform-rootcause-check-")
    program = os.path.join(SOURCE_DIR, "tests", "check", "no_main_guard.py")
    code, out, err = run(["check", "--python", "3.14", "--method", "forkserver", "--method", "fork",
                          "--report-dir", report_dir, program])
    check(code == 1, "check no_main_guard on 3.14: exit %d\n%s%s" % (code, out, err))
    doc = json.load(open(os.path.join(report_dir, "check.json")))
    breaks = [b for b in doc["breaks"] if b["method"] == "forkserver"]
    check(len(breaks) == 1, "check: forkserver breaks %s" % doc["breaks"])
    b = breaks[0]
    check(b["outcome"] == "bootstrap-error", "check forkserver: outcome %s" % b["outcome"])
    check(b["root_cause"] == ROOT_CAUSE, "check forkserver: root_cause %s" % b["root_cause"])
    line = b["module_level_line"] or {}
    check(line.get("file", "").endswith("no_main_guard.py") and line.get("line", 0) > 0,
          "check forkserver: module-level line %s" % line)
    return "check: forkserver bootstrap-error at %s:%d" % (os.path.basename(line["file"]), line["line"])


def main():
    if not has_314():
        print("SKIP: no 3.14 runner in this build (.ci/run provisions Debian's)")
        return 77
    for step in (in_run, in_check):
        print("ok: " + step())
    return 0


if __name__ == "__main__":
    sys.exit(main())
