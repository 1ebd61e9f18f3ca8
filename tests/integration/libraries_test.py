"""Library cases (cases/libraries): a cell whose interpreter lacks a required
module is `unsupported` with the runner's reason (never FAIL, never dropped, shown
as skipped with that reason in junit.xml), and on the system interpreter the
library cells agree with plain `python3 case.py` runs made without the harness."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from harness import SOURCE_DIR, check, run_matrix, run_plain, why_no_results

LIB_DIR = os.path.join(SOURCE_DIR, "cases", "libraries")
SYSTEM = "/usr/bin/python3"

# 1. A requirement nobody has: unsupported, with the reason, on the system python.
tmp = tempfile.mkdtemp(prefix="mpconform-req-")
with open(os.path.join(tmp, "needs-missing-module.py"), "w") as f:
    f.write("""# ---
# id: needs-missing-module
# title: needs a module that does not exist
# source: tests/integration/libraries_test.py
# claim: A cell lacking a required module is unsupported.
# requires: [json, mpconform_no_such_module, {library: mpconform-no-such-dir/libnothing.so.0}]
# expect:
#   all: ok
# ---
import mpconform_no_such_module
""")
code, doc, out, err, report = run_matrix(["--cases-dir", tmp, "--method", "fork", "--method", "spawn"])
check(doc is not None, why_no_results(code, err))
check(code == 0, "an unsupported cell made the run fail (exit %d)\n%s" % (code, out))
check(len(doc["cells"]) == 2, "cells were dropped: %d" % len(doc["cells"]))
for c in doc["cells"]:
    check(c["outcome"] == "unsupported", "outcome %s, expected unsupported" % c["outcome"])
    check(c["verdict"] == "PASS", "verdict %s for an unsupported cell" % c["verdict"])
    because = c["evidence"]["because"]
    check("mpconform_no_such_module" in because and "libnothing.so.0" in because and "'json'" not in because,
          "reason does not name exactly what is missing: " + because)
skipped = [s.get("message", "") for s in ET.parse(os.path.join(report, "junit.xml")).iter("skipped")]
check(len(skipped) == 2 and all("mpconform_no_such_module" in m for m in skipped),
      "junit.xml does not give the reason: %s" % skipped)
shutil.rmtree(tmp)

# 2. An interpreter that really lacks torch (pyenv's), where one exists.
lacking = None
for exe in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3.[0-9]*"))):
    if re.search(r"python3\.\d+$", exe) and subprocess.run(
            [exe, "-c", "import importlib.util,sys; sys.exit(importlib.util.find_spec('torch') is not None)"],
            capture_output=True).returncode == 0:
        lacking = exe
        break
if lacking:
    code, doc, out, err, _ = run_matrix(["--tag", "libraries", "--python", lacking, "--method", "fork"])
    check(doc is not None, why_no_results(code, err))
    torch_cells = [c for c in doc["cells"] if c["case"].startswith("torch-")]
    check(torch_cells, "no torch cells on " + lacking)
    for c in torch_cells:
        check(c["outcome"] == "unsupported" and "'torch'" in c["evidence"]["because"],
              "%s on %s: %s (%s)" % (c["case"], lacking, c["outcome"], c["evidence"]["because"]))
    bad = [(c["case"], c["outcome"]) for c in doc["cells"] if c["verdict"] == "FAIL"]
    check(not bad, "library cells FAIL on %s: %s" % (lacking, bad))
    print("ok: %d library cells on %s, torch ones unsupported with the reason" % (len(doc["cells"]), lacking))
else:
    print("note: no interpreter without torch found; only the synthetic requirement was checked")

# 3. On the system interpreter, harness outcomes agree with plain runs.
have = subprocess.run([SYSTEM, "-c", "import torch, grpc, numpy, joblib, multiprocess"], capture_output=True)
if have.returncode != 0:
    print("skip: the system python lacks the library packages (run ci/setup.sh)")
    sys.exit(77)

CELLS = [  # (case, method, seconds after which a plain run counts as hung)
    ("numpy-matmul-openblas-openmp", "fork", 8), ("numpy-matmul-openblas-openmp", "spawn", 15),
    ("numpy-matmul-openblas-pthread", "fork", 8),
    ("torch-intraop-parent-then-child", "fork", 12), ("torch-one-thread", "fork", 12),
    ("grpc-server-in-parent", "fork", 8), ("grpc-fork-support", "fork", 8),
    ("nested-pool-task-multiprocess", "fork", 8), ("nested-pool-task-multiprocess", "spawn", 8),
    ("nested-pool-task-loky", "fork", 8),
]


def family(outcome):
    return "hang" if outcome in ("deadlock", "timeout") else "ok" if outcome == "ok" else "error"


def plain(case, method, hang_after):
    run = run_plain(SYSTEM, os.path.join(LIB_DIR, case + ".py"), method, hang_after)
    if run["hung"]:
        return "hang", {}
    return ("ok" if run["rc"] == 0 and "Traceback" not in run["stderr"] else "error"), run["observed"]


args = ["--python", SYSTEM]
for case in sorted({c for c, _, _ in CELLS}):
    args += ["--case", case]
for method in sorted({m for _, m, _ in CELLS}):
    args += ["--method", method]
code, doc, out, err, _ = run_matrix(args)
check(doc is not None, why_no_results(code, err))
by_key = {(c["case"], c["method"]): c for c in doc["cells"]}
problems = []
for case, method, hang_after in CELLS:
    cell = by_key[(case, method)]
    alone, observed = plain(case, method, hang_after)
    if cell["verdict"] != "PASS":
        problems.append("%s/%s: %s, expected %s" % (case, method, cell["outcome"], cell["expected"]))
    if family(cell["outcome"]) != alone and len(cell["expected"]) < 2:
        problems.append("%s/%s: harness %s, plain python %s" % (case, method, cell["outcome"], alone))
    if cell["outcome"] == "deadlock":
        wheres = [t.get("native_where", "") for p in cell["evidence"]["hang"]["processes"] for t in p["threads"]]
        if not any(w for w in wheres):
            problems.append("%s/%s: a deadlock without native frames" % (case, method))
    print("%s/%s: harness %s, plain %s" % (case, method, cell["outcome"], alone))
check(not problems, "library cells:\n  " + "\n  ".join(problems))
print("ok: %d library cells agree with plain python" % len(CELLS))
