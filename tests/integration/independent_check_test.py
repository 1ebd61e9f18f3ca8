"""Every cell, on every interpreter with a runner, agrees with the real interpreter
run without the harness: plain
`python case.py` (the start method set by fixtures/standalone/sitecustomize.py),
judged here by its exit status, the last traceback it printed, the observations it
printed, or its hanging, and compared with the harness's outcome and evidence."""
import concurrent.futures
import re
import time

from harness import Leaks, check, own_shm_possible, run_matrix, run_plain, why_no_results

HANG_AFTER_S = 6
RETRIES = 2  # more plain-python runs of a single-outcome cell that disagreed
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
    run = run_plain(cell["python"]["executable"], case_file, cell["method"], HANG_AFTER_S)
    return {"hung": run["hung"], "rc": run["rc"], "type": last_exception_type(run["stderr"]),
            "observed": run["observed"]}


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


def run_alone(cells):
    """Runs every cell's case without the harness. A cell the harness saw hang most
    likely hangs alone too and then only waits out HANG_AFTER_S, asleep: those run
    many at once, beside the rest, which run two at a time as the harness's cells do."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as sleepers, \
            concurrent.futures.ThreadPoolExecutor(max_workers=2) as workers:
        runs = [(sleepers if c["outcome"] in ("deadlock", "timeout") else workers)
                .submit(standalone, c, doc["cases"][c["case"]]["file"]) for c in cells]
        return [r.result() for r in runs]


leaks = Leaks()
started = time.monotonic()
code, doc, _, err, _ = run_matrix(["--python", "all"])
check(doc is not None, why_no_results(code, err))
cells = [c for c in doc["cells"] if c["outcome"] not in ("harness-error", "unsupported")]
harness_s = time.monotonic() - started
alone = run_alone(cells)
alone_s = time.monotonic() - started - harness_s

problems, skipped, agreed_later = [], 0, 0
for cell, a in zip(cells, alone):
    why = disagreement(cell, a)
    if why and len(cell["expected"]) > 1:
        skipped += 1  # intermittent by its own declaration: one run of each may differ
        print("note: %s/%s on %s differs this time (intermittent): %s"
              % (cell["case"], cell["method"], cell["python"]["version"], why))
        continue
    if not why:
        continue
    # A cell that declares one outcome may still be a rare race on a loaded machine:
    # it disagrees only if plain python never gives the harness's outcome in RETRIES
    # more runs.
    where = "%s/%s on %s" % (cell["case"], cell["method"], cell["python"]["version"])
    agreed_on = next((run for run in range(2, RETRIES + 2)
                      if disagreement(cell, standalone(cell, doc["cases"][cell["case"]]["file"])) is None), None)
    if agreed_on:
        agreed_later += 1
        print("note: %s agreed on run %d of plain python (first: %s)" % (where, agreed_on, why))
    else:
        problems.append("%s: %s" % (where, why))
check(not problems, "cells disagree with plain python:\n  " + "\n  ".join(problems))
# Neither the harness nor the plain runs (hung ones stopped, tracker last) leave
# anything; where plain runs cannot have their own /dev/shm, what a library leaks
# there by itself is not the harness's.
left = [p for p in leaks.found() if own_shm_possible() or "/dev/shm" not in p]
check(not left, "left behind: " + "; ".join(left))
print("ok: %d cells agree with plain python (%d intermittent differed, %d agreed on a later run); "
      "harness %.0f s, plain python %.0f s" % (len(cells), skipped, agreed_later, harness_s, alone_s))
