"""Every cell, on every interpreter with a runner, agrees with the real interpreter
run without the harness: plain
`python case.py` (the start method set by fixtures/standalone/sitecustomize.py),
judged here by its exit status, the last traceback it printed, the observations it
printed, or its hanging, and compared with the harness's outcome and evidence."""
import concurrent.futures
import os
import re
import signal
import subprocess

from harness import SOURCE_DIR, check, run_matrix

HANG_AFTER_S = 6
FINAL_LINE = re.compile(r"^([A-Za-z_][\w.]*)(?::|$)")


def last_exception_type(stderr):
    """The class name on the final line of the last traceback in `stderr`."""
    found, inside = None, False
    for line in stderr.splitlines():
        if line.startswith("Traceback (most recent call last):"):
            inside = True
        elif inside and line and not line[0].isspace():
            m = FINAL_LINE.match(line)
            if m and m.group(1).split(".")[-1][:1].isupper():
                found, inside = m.group(1).split(".")[-1], False
    return found


def standalone(cell, case_file):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPCONFORM"))}
    env.update(PYTHONPATH="%s/fixtures:%s/fixtures/standalone" % (SOURCE_DIR, SOURCE_DIR),
               PYTHONHASHSEED="0", MPCONFORM_START_METHOD=cell["method"])
    p = subprocess.Popen([cell["python"]["executable"], case_file], env=env, cwd="/tmp",
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=HANG_AFTER_S)
        hung = False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        hung = True
    observed = dict(re.findall(r"^\[mpconform\] observe ([^=\n]+)=(.*)$", err, re.M))
    return {"hung": hung, "rc": p.returncode, "type": last_exception_type(err), "observed": observed}


def disagreement(cell, alone):
    outcome = cell["outcome"]
    ev = cell["evidence"]
    if outcome in ("deadlock", "timeout"):
        return None if alone["hung"] else "harness says %s, plain python finished (rc %s)" % (outcome, alone["rc"])
    if alone["hung"]:
        return "plain python hung, harness says " + outcome
    if outcome == "ok":
        if alone["rc"] != 0 or alone["type"]:
            return "harness says ok, plain python rc %s with %s" % (alone["rc"], alone["type"])
    elif outcome.startswith("exit:"):
        if str(alone["rc"]) != outcome[5:]:
            return "harness says %s, plain python rc %s" % (outcome, alone["rc"])
    else:
        exc = ev["exception"] or (ev["child_tracebacks"] or [{}])[0]
        if alone["type"] != exc.get("type"):
            return "harness saw %s (%s), plain python printed %s" % (exc.get("type"), outcome, alone["type"])
        if outcome.startswith("exception:") and outcome[10:] != alone["type"]:
            return "harness says %s, plain python printed %s" % (outcome, alone["type"])
    if alone["observed"] != cell["observations"]:
        return "observations differ: harness %s, plain python %s" % (cell["observations"], alone["observed"])
    return None


_, doc, _, err, _ = run_matrix(["--python", "all"])
check(doc is not None, "no results\n" + err)
cells = [c for c in doc["cells"] if c["outcome"] not in ("harness-error", "unsupported")]
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    alone = list(pool.map(lambda c: standalone(c, doc["cases"][c["case"]]["file"]), cells))

problems, skipped = [], 0
for cell, a in zip(cells, alone):
    why = disagreement(cell, a)
    if why and len(cell["expected"]) > 1:
        skipped += 1  # intermittent by its own declaration: one run of each may differ
        print("note: %s/%s differs this time (intermittent): %s" % (cell["case"], cell["method"], why))
    elif why:
        problems.append("%s/%s: %s" % (cell["case"], cell["method"], why))
check(not problems, "cells disagree with plain python:\n  " + "\n  ".join(problems))
print("ok: %d cells agree with plain python (%d intermittent differed)" % (len(cells), skipped))
