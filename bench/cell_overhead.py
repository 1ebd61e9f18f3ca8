#!/usr/bin/env python3
"""Harness cost per cell against bare `python case.py`, side by side in one run.

For each case and method, alternates N times between
  bare:    python3 case.py 2>&1 | cat   (method set by fixtures/standalone, output
           to a pipe, done when the whole tree has closed it, as under the harness)
  harness: mpconform run --case ID --method M --jobs 1 (the whole command: catalog,
           runner, supervision, classification, three reports)
and prints the median wall time of each and their ratio. Alternating keeps both
under the same machine load. Usage:
  bench/cell_overhead.py [--runs N] [--case ID:METHOD ...] [--mpconform build/mpconform]
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CELLS = ["global-set-in-main-guard:spawn", "nested-function-target:fork",
                 "lambda-closure-target:spawn", "child-mutates-global:forkserver"]


def timed(cmd, env=None):
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--case", action="append", dest="cells", help="ID:METHOD (repeatable)")
    ap.add_argument("--mpconform", default=os.path.join(ROOT, "build", "mpconform"))
    ap.add_argument("--python", default="/usr/bin/python3")
    args = ap.parse_args()
    cells = args.cells or DEFAULT_CELLS
    report_dir = tempfile.mkdtemp(prefix="mpconform-bench-")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPCONFORM"))}
    fixtures = os.path.join(ROOT, "fixtures")

    print("%-36s %-10s %10s %10s %7s" % ("case", "method", "bare ms", "harness ms", "ratio"))
    ratios = []
    for cell in cells:
        case_id, method = cell.split(":")
        found = glob.glob(os.path.join(ROOT, "cases", "**", case_id + ".py"), recursive=True)
        if not found:
            sys.exit("no case %s under cases/" % case_id)
        case_file = found[0]
        bare_env = dict(clean, PYTHONPATH=fixtures + ":" + os.path.join(fixtures, "standalone"),
                        PYTHONHASHSEED="0", MPCONFORM_START_METHOD=method)
        bare = ["sh", "-c", '"$0" "$1" 2>&1 | cat', args.python, case_file]
        harness = [args.mpconform, "run", "-q", "--case", case_id, "--method", method,
                   "--jobs", "1", "--report-dir", report_dir]
        timed(bare, bare_env), timed(harness)  # warm the page cache
        b, h = [], []
        for _ in range(args.runs):
            b.append(timed(bare, bare_env))
            h.append(timed(harness))
        mb, mh = statistics.median(b), statistics.median(h)
        ratios.append(mh / mb)
        print("%-36s %-10s %10.1f %10.1f %7.3f" % (case_id, method, mb * 1e3, mh * 1e3, mh / mb))
    print("median ratio over cells: %.3f (target: at most 1.10)" % statistics.median(ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
