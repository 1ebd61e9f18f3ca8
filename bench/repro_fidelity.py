#!/usr/bin/env python3
"""Hang rate of seed 003's program under `mpconform repro` against plain `python3`.

The two kinds of run alternate in one invocation, so both see the same machine:
  harness: mpconform repro CASE --method M --runs 1 (the harness's own default
           --jobs); a run hangs when its outcome is deadlock or timeout, read from
           repro.json
  bare:    python3 case.py, the method set by fixtures/standalone
           (MPCONFORM_START_METHOD), PYTHON* variables removed (PYTHONUNBUFFERED=1
           would give stderr no buffer and hide the bug), stdout and stderr each to
           its own pipe drained by `cat` (a fast reader, like the harness's
           capture); a run hangs when it has not finished after --timeout seconds,
           and its whole process group is then killed
Each pair of runs swaps which kind goes first. Prints each rate with its 95% Wilson
score interval and whether the intervals overlap. The race needs a free core, so
run it on an idle machine (the load is printed).
Usage:
  bench/repro_fidelity.py [--runs N] [--timeout S] [--case ID] [--method M]
                          [--mpconform build/mpconform] [--python /usr/bin/python3]
"""
import argparse
import glob
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def wilson(hits, runs, z=1.959964):
    """The 95% Wilson score interval of hits/runs: sound for small counts and for
    rates near 0 or 1, as mpconform's own hang_stats.cc."""
    if runs == 0:
        return 0.0, 1.0
    p = hits / runs
    centre = (p + z * z / (2 * runs)) / (1 + z * z / runs)
    half = z * math.sqrt(p * (1 - p) / runs + z * z / (4 * runs * runs)) / (1 + z * z / runs)
    return max(0.0, centre - half), min(1.0, centre + half)


def load_1min():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def harness_run(args, report_dir, env):
    """One `repro --runs 1`: returns (outcome, trees that ran at once)."""
    cmd = [args.mpconform, "repro", args.case, "--method", args.method, "--runs", "1",
           "--report-dir", report_dir]
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    with open(os.path.join(report_dir, "repro.json")) as f:
        summary = json.load(f)
    row = summary["rows"][0]
    if row["hangs"]:
        outcome = "deadlock"
    else:
        outcome = next(iter(row["other_outcomes"]))
    return outcome, summary.get("trees_at_once")


def bare_run(args, case_file, env):
    """One plain `python3 case.py`: "hang" when it is still running at the timeout."""
    drains = [subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL) for _ in range(2)]
    proc = subprocess.Popen([args.python, case_file], env=env, cwd=os.path.dirname(case_file),
                            stdin=subprocess.DEVNULL, stdout=drains[0].stdin, stderr=drains[1].stdin,
                            start_new_session=True)
    for d in drains:
        d.stdin.close()  # the case's tree holds the only write ends now
    try:
        code = proc.wait(timeout=args.timeout)
        outcome = "ok" if code == 0 else "exit:%d" % code
    except subprocess.TimeoutExpired:
        outcome = "hang"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # any child it left behind
    except ProcessLookupError:
        pass
    for d in drains:
        d.wait()
    return outcome


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20, help="runs of each kind (default 20)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds before a bare run is a hang")
    ap.add_argument("--case", default="thread-stderr-print-while-starting")
    ap.add_argument("--method", default="fork")
    ap.add_argument("--mpconform", default=os.path.join(ROOT, "build", "mpconform"))
    ap.add_argument("--python", default="/usr/bin/python3")
    args = ap.parse_args()
    found = glob.glob(os.path.join(ROOT, "cases", "**", args.case + ".py"), recursive=True)
    if not found:
        sys.exit("no case %s under cases/" % args.case)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPCONFORM"))}
    fixtures = os.path.join(ROOT, "fixtures")
    bare_env = dict(clean, PYTHONPATH=fixtures + ":" + os.path.join(fixtures, "standalone"),
                    PYTHONHASHSEED="0", MPCONFORM_START_METHOD=args.method)
    report_dir = tempfile.mkdtemp(prefix="mpconform-fidelity-")

    print("%s, %s, %d runs each, interleaved; load %.2f at the start" %
          (args.case, args.method, args.runs, load_1min()), flush=True)
    outcomes = {"harness": [], "bare": []}
    most_at_once = 0
    for i in range(args.runs):
        order = ["harness", "bare"] if i % 2 == 0 else ["bare", "harness"]
        for kind in order:
            if kind == "harness":
                outcome, at_once = harness_run(args, report_dir, clean)
                most_at_once = max(most_at_once, at_once or 0)
            else:
                outcome = bare_run(args, found[0], bare_env)
            outcomes[kind].append(outcome)
        print("[%d/%d] harness %-9s bare %s" % (i + 1, args.runs, outcomes["harness"][-1],
                                                  outcomes["bare"][-1]), flush=True)
    shutil.rmtree(report_dir, ignore_errors=True)

    hang_words = {"harness": ("deadlock", "timeout"), "bare": ("hang",)}
    intervals = {}
    print("\n%-8s %5s %5s %7s  %-17s %s" % ("kind", "runs", "hangs", "rate", "95% CI (Wilson)", "other outcomes"))
    for kind in ("harness", "bare"):
        runs = len(outcomes[kind])
        hangs = sum(o in hang_words[kind] for o in outcomes[kind])
        low, high = wilson(hangs, runs)
        intervals[kind] = (low, high)
        others = {}
        for o in outcomes[kind]:
            if o not in hang_words[kind]:
                others[o] = others.get(o, 0) + 1
        print("%-8s %5d %5d %6.1f%%  [%5.1f%%, %5.1f%%]  %s" % (
            kind, runs, hangs, 100.0 * hangs / runs, 100 * low, 100 * high,
            " ".join("%s:%d" % kv for kv in sorted(others.items())) or "-"))
    (hl, hh), (bl, bh) = intervals["harness"], intervals["bare"]
    print("intervals overlap: %s" % ("yes" if hl <= bh and bl <= hh else "NO"))
    print("most harness trees at once: %d; load %.2f at the end" % (most_at_once, load_1min()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
