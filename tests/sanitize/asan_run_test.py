"""A bounded real run of the harness built with ASan+UBSan (the asan preset): a
deadlock cell and its spawn counterpart, a folder of user cases with malformed ones
(bad outcome, invalid UTF-8, a condition nested 50000 deep), repro, compare, merge,
claims and list. Every command must end with its documented status, write its
reports, and print no sanitizer report (ASAN_OPTIONS from the test preset makes
any ASan, LeakSanitizer or UBSan finding fatal; this test also looks for one)."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402
from harness import MPCONFORM, SOURCE_DIR, check, fail, processes_of_cells  # noqa: E402

SANITIZER_REPORT = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: \w+Sanitizer")
commands = 0


def mpconform(args, want_code):
    global commands
    commands += 1
    # Bytes, not text: list and the failure lines echo titles and keys as they are.
    p = subprocess.Popen([MPCONFORM] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    harness.RUN_PIDS.append(p.pid)
    out, err = (s.decode("utf-8", "replace") for s in p.communicate(timeout=300))
    code = p.returncode
    found = SANITIZER_REPORT.search(err)
    if found:
        fail("sanitizer report from mpconform %s:\n%s" % (" ".join(args), err[max(0, found.start() - 200):][:20000]))
    check(code == want_code, "mpconform %s: exit status %d, expected %d\n%s%s"
          % (" ".join(args), code, want_code, out[-3000:], err[-5000:]))
    return out, err


def results(report_dir):
    path = os.path.join(report_dir, "results.json")
    check(os.path.exists(path), path + " was not written")
    with open(path, "rb") as f:
        doc = json.loads(f.read().decode("utf-8"))  # strict: the document is valid UTF-8
    for name in ("junit.xml", "summary.md", "report.html"):
        check(os.path.exists(os.path.join(report_dir, name)), name + " was not written")
    return doc


check("address" in os.environ.get("MPCONFORM_SANITIZE", ""), "run this test from the asan preset's build")
check("detect_leaks=1" in os.environ.get("ASAN_OPTIONS", ""), "ASAN_OPTIONS lacks detect_leaks=1")
top = tempfile.mkdtemp(prefix="mpconform-asan-")

# The deterministic deadlock, from a folder of its own (so cases being written
# elsewhere in the catalog cannot change this test) whose name is not UTF-8 (it ends
# up in command lines and paths in the evidence; repro.json was lost to it): fork
# hangs (the probe, the stack dumps, the kill of the tree), spawn runs normally.
held_lock = os.path.join(top, "held-lock-\udcff")
os.mkdir(held_lock)
shutil.copy(glob.glob(os.path.join(SOURCE_DIR, "cases", "**", "fork-with-held-lock.py"), recursive=True)[0], held_lock)
mpconform(["list", "--cases-dir", held_lock], 0)
r1 = os.path.join(top, "r1")
mpconform(["run", "--cases-dir", held_lock, "--method", "fork", "--method", "spawn", "--report-dir", r1], 0)
cells = {c["method"]: c for c in results(r1)["cells"]}
check(sorted(cells) == ["fork", "spawn"], "cells: %s" % sorted(cells))
check(cells["fork"]["outcome"] == "deadlock", "fork cell: %s, expected deadlock" % cells["fork"]["outcome"])
check(cells["spawn"]["outcome"] == "ok", "spawn cell: %s, expected ok" % cells["spawn"]["outcome"])
check(cells["fork"]["evidence"].get("hang"), "the deadlock cell has no hang evidence")

# User cases, some malformed: they become harness-error cells with file and line, the
# good ones still run, and the reports are written in valid UTF-8.
cases = os.path.join(top, "cases")
os.mkdir(cases)
head = "# ---\n# id: %s\n# title: %s\n# source: s\n# claim: c\n"
user_cases = {
    "good-case": head % ("good-case", "t") + "# expect:\n#   all: ok\n# ---\nprint('hi')\n",
    "broken-outcome": head % ("broken-outcome", "t") + "# expect:\n#   fork: okay\n# ---\n",
    "bad-utf8-key": (head % ("bad-utf8-key", "t") + "# \udcc0\udcaf: 1\n# expect:\n#   all: ok\n# ---\n"),
    "bad-utf8-title": (head % ("bad-utf8-title", "\udcff\udcfe t") + "# expect:\n#   all: ok\n# ---\n"),
    "deep-condition": head % ("deep-condition", "t") + "# expect:\n#   fork:\n#     - if: " + "(" * 50000 +
                      "python >= 3" + ")" * 50000 + "\n#       outcome: ok\n# ---\n",
}
for name, text in user_cases.items():
    with open(os.path.join(cases, name + ".py"), "wb") as f:
        f.write(text.encode("utf-8", "surrogateescape"))
r2 = os.path.join(top, "r2")
mpconform(["list", "--cases-dir", cases], 1)  # lists what it can, names what it cannot read
out, err = mpconform(["run", "--cases-dir", cases, "--method", "fork", "--method", "spawn", "--report-dir", r2], 1)
doc = results(r2)
by_case = {}
for c in doc["cells"]:
    by_case.setdefault(c["case"], []).append(c)
check(sorted(by_case) == sorted(user_cases), "cases in the results: %s" % sorted(by_case))
check(all(c["verdict"] == "PASS" for c in by_case["good-case"]), "the good case did not pass")
check("broken-outcome.py:7: unknown outcome 'okay'" in err, "the bad outcome is not named with its line:\n" + err)
check("deep-condition.py:8: bad condition: nested more than 32 deep" in err, "the deep condition:\n" + err)
for name in ("broken-outcome", "bad-utf8-key", "deep-condition"):
    check(all(c["outcome"] == "harness-error" for c in by_case[name]), name + " is not harness-error cells")
# The title is not UTF-8, nor is the program: Python refuses it, and the harness
# reports that as the case's outcome.
check(all(c["outcome"] == "exception:SyntaxError" for c in by_case["bad-utf8-title"]),
      "bad-utf8-title: %s" % [c["outcome"] for c in by_case["bad-utf8-title"]])

# The other commands, on those documents.
mpconform(["compare", os.path.join(r1, "results.json"), os.path.join(r1, "results.json")], 0)
mpconform(["merge", os.path.join(r1, "results.json"), os.path.join(r2, "results.json"),
           "--report-dir", os.path.join(top, "merged")], 1)  # 1: r2's FAILs
check(len(results(os.path.join(top, "merged"))["cells"]) == len(cells) + len(doc["cells"]), "merge lost cells")
mpconform(["claims", os.path.join(r1, "results.json")], 0)
r3 = os.path.join(top, "r3")
mpconform(["repro", "fork-with-held-lock", "--cases-dir", held_lock, "--method", "fork", "--runs", "2",
           "--report-dir", r3], 0)
with open(os.path.join(r3, "repro.json"), encoding="utf-8") as f:  # strict
    rows = json.load(f)["rows"]
check(rows and rows[0]["hangs"] == 2, "repro: %s" % rows)

check(not processes_of_cells(), "processes of the cells are left: %s" % processes_of_cells())
print("ok: %d mpconform commands under ASan+UBSan (leak checks on), no sanitizer report" % commands)
