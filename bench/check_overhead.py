#!/usr/bin/env python3
"""`mpconform check` of a small program over the four methods against the same
four bare runs, side by side in one run.

Alternates N times between
  check: mpconform check -q --jobs J PROGRAM (the whole command: runner, check
         hooks, supervision, classification, diagnosis, every report, and the
         reruns where a cell's output differs from its baseline's)
  check --jobs 1: the same, one cell at a time (check's default before its cells
         ran side by side; the target is check / this <= 0.65 on a program
         without threads)
  check --reruns 0: the same without the reruns (first runs compared line by
         line), so their cost is check / this
  bare:  the four `python3 PROGRAM` runs (the method set before the program by
         fixtures/standalone's sitecustomize; "default" leaves it), J at a time,
         each with its output on a pipe read to the end
  and, with --against OTHER, OTHER's `check -q --jobs J PROGRAM` (an earlier
  build), so today's check and an earlier one are timed side by side,
and prints the median wall time of each and their ratios. Alternating keeps all
under the same machine load. On a program whose output never differs no rerun
is made (check / check --reruns 0 is 1); on one whose output differs, the ratio
is what the reruns cost.
Usage: bench/check_overhead.py [--runs N] [--jobs J] [--program tests/check/portable.py]
                               [--mpconform build/mpconform] [--against OTHER/mpconform]
                               [--python /usr/bin/python3]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
METHODS = ["fork", "spawn", "forkserver", "default"]


def bare_env(method):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPCONFORM"))}
    env.update(PYTHONPATH=os.path.join(ROOT, "fixtures", "standalone"), MPCONFORM_START_METHOD=method)
    return env


def bare_once(python, program, method):
    # As the harness does: stdin at end of file, output read until the tree closes it.
    p = subprocess.run([python, os.path.basename(program)], cwd=os.path.dirname(program), env=bare_env(method),
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode


def bare_all(python, program, jobs):
    t0 = time.monotonic()
    with ThreadPoolExecutor(jobs) as pool:
        codes = list(pool.map(lambda m: bare_once(python, program, m), METHODS))
    return time.monotonic() - t0, codes


def check_once(mpconform, program, jobs, report_dir, extra=()):
    t0 = time.monotonic()
    p = subprocess.run([mpconform, "check", "-q", "--jobs", str(jobs), "--report-dir", report_dir] + list(extra) +
                       [os.path.basename(program)], cwd=os.path.dirname(program),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - t0, p.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--program", default=os.path.join(ROOT, "tests", "check", "portable.py"))
    ap.add_argument("--mpconform", default=os.path.join(ROOT, "build", "mpconform"))
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--against", help="another build's mpconform, timed beside this one")
    a = ap.parse_args()
    program = os.path.abspath(a.program)
    report_dir = tempfile.mkdtemp(prefix="mpconform-check-bench-")
    times = {"check": [], "check --jobs 1": [], "check --reruns 0": [], "bare": []}
    if a.against:
        times["against"] = []
    codes = {}
    try:
        for _ in range(a.runs):
            for name in times:
                if name == "bare":
                    t, codes[name] = bare_all(a.python, program, a.jobs)
                elif name == "against":
                    t, codes[name] = check_once(a.against, program, a.jobs, report_dir)
                elif name == "check --jobs 1":
                    t, codes[name] = check_once(a.mpconform, program, 1, report_dir)
                else:
                    t, codes[name] = check_once(a.mpconform, program, a.jobs, report_dir,
                                                ["--reruns", "0"] if name.endswith("0") else [])
                times[name].append(t)
    finally:
        shutil.rmtree(report_dir, ignore_errors=True)
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print("%s, 4 methods, --jobs %d, %d runs each (medians):" % (os.path.relpath(program, ROOT), a.jobs, a.runs))
    for name, m in med.items():
        print("  %-17s %.3f s  exit %s" % (name, m, codes[name]))
    print("  check / bare               %.2f" % (med["check"] / med["bare"]))
    print("  check / check --reruns 0   %.2f   (what the reruns cost)" % (med["check"] / med["check --reruns 0"]))
    print("  check / check --jobs 1     %.2f   (cells side by side against one at a time; target <= 0.65)"
          % (med["check"] / med["check --jobs 1"]))
    if a.against:
        print("  check / against            %.2f   (today against %s)" % (med["check"] / med["against"], a.against))
    return 0


if __name__ == "__main__":
    sys.exit(main())
