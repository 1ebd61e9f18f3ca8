#!/usr/bin/env python3
"""`mpconform check` of a small program over the four methods against the same
four bare runs, side by side in one run.

Alternates N times between
  check: mpconform check -q --jobs J PROGRAM (the whole command: runner, check
         hooks, supervision, classification, diagnosis, every report)
  bare:  the four `python3 PROGRAM` runs (the method set before the program by
         fixtures/standalone's sitecustomize; "default" leaves it), J at a time,
         each with its output on a pipe read to the end
and prints the median wall time of each and their ratio (the issue's target:
at most 1.15). Alternating keeps both under the same machine load.
Usage: bench/check_overhead.py [--runs N] [--jobs J] [--program tests/check/portable.py]
                               [--mpconform build/mpconform] [--python /usr/bin/python3]
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


def check_once(mpconform, program, jobs, report_dir):
    t0 = time.monotonic()
    p = subprocess.run([mpconform, "check", "-q", "--jobs", str(jobs), "--report-dir", report_dir,
                        os.path.basename(program)], cwd=os.path.dirname(program),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - t0, p.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--program", default=os.path.join(ROOT, "tests", "check", "portable.py"))
    ap.add_argument("--mpconform", default=os.path.join(ROOT, "build", "mpconform"))
    ap.add_argument("--python", default="/usr/bin/python3")
    a = ap.parse_args()
    program = os.path.abspath(a.program)
    report_dir = tempfile.mkdtemp(prefix="mpconform-check-bench-")
    check_t, bare_t = [], []
    try:
        for _ in range(a.runs):
            t, rc = check_once(a.mpconform, program, a.jobs, report_dir)
            check_t.append(t)
            t, codes = bare_all(a.python, program, a.jobs)
            bare_t.append(t)
    finally:
        shutil.rmtree(report_dir, ignore_errors=True)
    c, b = statistics.median(check_t), statistics.median(bare_t)
    print("%s, 4 methods, --jobs %d, %d runs each: check median %.3f s, bare median %.3f s, ratio %.2f"
          % (os.path.relpath(program, ROOT), a.jobs, a.runs, c, b, c / b))
    print("check exit %d (0: every cell as the baseline); bare exit codes %s" % (rc, codes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
