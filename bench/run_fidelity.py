#!/usr/bin/env python3
"""Hang rate of a user's own fork-after-threads case under `mpconform run
--cases-dir`, cells side by side, against plain `python3`, on every interpreter.

The case (tests/user_cases/progress_reporter.py) says only `expect: all: ok`: no
tag or expectation tells the harness it can hang by a race. Each round runs, in
turn (which goes first alternates):
  harness: mpconform run -q --cases-dir tests/user_cases --python P... --method
           fork --method default (its default --jobs: cells side by side); a cell
           hangs when its outcome is deadlock or timeout
  against: the same with --against OTHER/mpconform (an earlier build), if given
  bare:    for each of those cells, plain `python case.py` with the method set by
           fixtures/standalone, PYTHON* removed, stdout and stderr to pipes drained
           by `cat`; a hang is a run not finished in --timeout seconds (its process
           group is then killed)
Prints each interpreter's hangs per kind, then the pooled rates with their 95%
Wilson intervals and whether harness and bare overlap, and how many harness cells
were run again alone because they forked beside threads.
Usage: bench/run_fidelity.py [--rounds N] [--python all | --python X ...]
                             [--timeout S] [--mpconform build/mpconform] [--against OLD]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from repro_fidelity import ROOT, load_1min, wilson

CASES = os.path.join(ROOT, "tests", "user_cases")
CASE_FILE = os.path.join(CASES, "progress_reporter.py")
METHODS = ["fork", "default"]


def harness_round(mpconform, pythons, report_dir, env):
    """{(version, method): (hung, rerun alone)} and the executables, from one run."""
    cmd = [mpconform, "run", "-q", "--cases-dir", CASES, "--report-dir", report_dir]
    for p in pythons:
        cmd += ["--python", p]
    for m in METHODS:
        cmd += ["--method", m]
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(report_dir, "results.json")) as f:
        doc = json.load(f)
    cells, exes = {}, {}
    for c in doc["cells"]:
        key = (c["python"]["version"], c["method"])
        rerun = bool((c["evidence"].get("concurrency") or {}).get("rerun_alone"))
        cells[key] = (c["outcome"] in ("deadlock", "timeout"), rerun)
        exes[key] = c["python"]["executable"]
    return cells, exes


def bare_once(python, method, timeout, env):
    env = dict(env, MPCONFORM_START_METHOD=method)
    drains = [subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL) for _ in range(2)]
    proc = subprocess.Popen([python, CASE_FILE], env=env, cwd=CASES, stdin=subprocess.DEVNULL,
                            stdout=drains[0].stdin, stderr=drains[1].stdin, start_new_session=True)
    for d in drains:
        d.stdin.close()
    try:
        proc.wait(timeout=timeout)
        hung = False
    except subprocess.TimeoutExpired:
        hung = True
    try:
        os.killpg(proc.pid, 9)
    except ProcessLookupError:
        pass
    proc.wait()
    for d in drains:
        d.wait()
    return hung


def interval(hits, runs):
    low, high = wilson(hits, runs)
    return "%d/%d %5.1f%% [%5.1f%%, %5.1f%%]" % (hits, runs, 100.0 * hits / max(runs, 1), 100 * low, 100 * high)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--python", action="append", help="as run's --python (default: all)")
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds before a bare run is a hang")
    ap.add_argument("--mpconform", default=os.path.join(ROOT, "build", "mpconform"))
    ap.add_argument("--against", help="another build's mpconform, run the same way")
    a = ap.parse_args()
    pythons = a.python or ["all"]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPCONFORM"))}
    fixtures = os.path.join(ROOT, "fixtures")
    bare_env = dict(clean, PYTHONPATH=fixtures + ":" + os.path.join(fixtures, "standalone"), PYTHONHASHSEED="0")
    report_dir = tempfile.mkdtemp(prefix="mpconform-run-fidelity-")
    kinds = ["harness"] + (["against"] if a.against else []) + ["bare"]
    hangs = {k: {} for k in kinds}  # kind -> key -> [hung...]
    reruns = 0
    print("%s, methods %s, %d rounds; load %.2f at the start" %
          (os.path.relpath(CASE_FILE, ROOT), "+".join(METHODS), a.rounds, load_1min()), flush=True)
    exes = {}
    try:
        for r in range(a.rounds):
            order = kinds if r % 2 == 0 else list(reversed(kinds))
            if not exes:  # the cells (and their interpreters) come from the first harness run
                order = [k for k in kinds if k != "bare"] + ["bare"]
            for kind in order:
                if kind == "bare":
                    for key, exe in sorted(exes.items()):
                        hangs["bare"].setdefault(key, []).append(bare_once(exe, key[1], a.timeout, bare_env))
                    continue
                cells, found = harness_round(a.mpconform if kind == "harness" else a.against, pythons,
                                             report_dir, clean)
                exes.update(found)
                for key, (hung, rerun) in cells.items():
                    hangs[kind].setdefault(key, []).append(hung)
                    reruns += rerun and kind == "harness"
            print("[%d/%d] %s" % (r + 1, a.rounds, "  ".join(
                "%s %d/%d" % (k, sum(sum(v) for v in hangs[k].values()), sum(len(v) for v in hangs[k].values()))
                for k in kinds)), flush=True)
    finally:
        shutil.rmtree(report_dir, ignore_errors=True)
    print("\n%-10s %-8s %s" % ("python", "method", "  ".join("%-8s" % k for k in kinds)))
    for key in sorted(exes):
        print("%-10s %-8s %s" % (key[0], key[1], "  ".join(
            "%-8s" % ("%d/%d" % (sum(hangs[k].get(key, [])), len(hangs[k].get(key, [])))) for k in kinds)))
    totals = {k: (sum(sum(v) for v in hangs[k].values()), sum(len(v) for v in hangs[k].values())) for k in kinds}
    print()
    for k in kinds:
        print("%-8s %s" % (k, interval(*totals[k])))
    (hl, hh), (bl, bh) = wilson(*totals["harness"]), wilson(*totals["bare"])
    print("harness and bare intervals overlap: %s" % ("yes" if hl <= bh and bl <= hh else "NO"))
    print("harness cells run again alone (forked beside threads, no hang beside others): %d; load %.2f at the end"
          % (reruns, load_1min()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
