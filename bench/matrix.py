#!/usr/bin/env python3
"""The full matrix over every interpreter with a runner: wall time, cells per
second, and the share of the cells' time that is interpreter start-up.

Start-up is measured per interpreter as the median of `python -c "import
multiprocessing"` (every process of a case pays for that), and charged once per
interpreter a cell started: its main process plus each process the supervisor saw
that was exec'd rather than forked (spawn children, resource trackers, fork
servers). The supervisor samples every 100 ms, so very short-lived children can be
missed: the share is a lower bound. Usage:
  bench/matrix.py [--jobs 2] [--python all] [--mpconform build/mpconform]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def startup_seconds(python, runs=10):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([python, "-c", "import multiprocessing"], env=env, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", default=str(os.cpu_count() or 2))
    ap.add_argument("--python", default="all")
    ap.add_argument("--mpconform", default=os.path.join(ROOT, "build", "mpconform"))
    args = ap.parse_args()
    report_dir = tempfile.mkdtemp(prefix="mpconform-bench-matrix-")
    t0 = time.perf_counter()
    subprocess.run([args.mpconform, "run", "-q", "--python", args.python, "--jobs", args.jobs,
                    "--report-dir", report_dir], stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    doc = json.load(open(os.path.join(report_dir, "results.json")))
    cells = doc["cells"]

    startup = {}
    for interp in doc["run"]["interpreters"]:
        startup[interp["version"]] = startup_seconds(interp["executable"])
    charged = 0.0
    starts = 0
    for c in cells:
        n = 1 + sum(1 for p in c["evidence"]["processes"] if "--mpconform-cell" not in p["cmdline"])
        starts += n
        charged += n * startup[c["python"]["version"]]
    cell_time = sum(c["duration_s"] for c in cells)

    print("interpreters: %d, cells: %d, jobs: %s, CPUs: %d" % (len(startup), len(cells), args.jobs, os.cpu_count()))
    print("wall time: %.1f s, cells per second: %.2f" % (wall, len(cells) / wall))
    print("interpreter start-up (python -c 'import multiprocessing', median of 10):")
    for version, s in sorted(startup.items(), key=lambda kv: [int(x) for x in kv[0].split(".")]):
        print("  %-8s %6.1f ms" % (version, s * 1e3))
    print("interpreter starts seen: %d; start-up share of cell time: %.0f%% (%.1f of %.1f s; a lower bound)"
          % (starts, 100 * charged / cell_time, charged, cell_time))
    return 0


if __name__ == "__main__":
    sys.exit(main())
