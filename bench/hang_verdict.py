#!/usr/bin/env python3
"""How long after a tree stops progressing the harness calls it a deadlock, next
to what a deadline-only harness (pytest-timeout style) would take with the same
deadline, measured on the same runs.

The deterministic case fork-with-held-lock marks (mpconform_case.mark, on
CLOCK_MONOTONIC) the moment its last progressing thread finishes; the harness
records CLOCK_MONOTONIC at its verdict. Verdict latency = verdict - mark. A
deadline-only harness would call the hang at launch + deadline (30 s for this
case), so its latency on the same run is launch + deadline - mark. Usage:
  bench/hang_verdict.py [--runs 20] [--python 3.11] [--mpconform build/mpconform]

--shape busy-parent measures issue 22's shape instead: a forked pool worker
deadlocked while the parent's logging thread keeps running
(tests/check/logging_queue_thread.py, through `check`). It has no mark: latency
is from the first sample that saw the worker still on its own lock (the probe's
stuck_since, so up to one 100 ms sample late) to the verdict.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--python", default=None)
    ap.add_argument("--mpconform", default=os.path.join(ROOT, "build", "mpconform"))
    ap.add_argument("--shape", choices=["whole-tree", "busy-parent"], default="whole-tree")
    args = ap.parse_args()
    if args.shape == "busy-parent":
        return busy_parent(args)
    report_dir = tempfile.mkdtemp(prefix="mpconform-bench-hang-")
    cmd = [args.mpconform, "repro", "fork-with-held-lock", "--method", "fork", "--runs", str(args.runs),
           "--report-dir", report_dir]
    if args.python:
        cmd += ["--python", args.python]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cells = json.load(open(os.path.join(report_dir, "results.json")))["cells"]

    ours, deadline_only, missing = [], [], 0
    for c in cells:
        ev = c["evidence"]
        marks = [m for m in ev.get("marks", []) if m["name"] == "last-progress"]
        hang = ev.get("hang") or {}
        if c["outcome"] != "deadlock" or not marks or not hang.get("verdict_monotonic_ns"):
            missing += 1
            continue
        mark_ns = marks[-1]["monotonic_ns"]
        verdict_ns = hang["verdict_monotonic_ns"]
        launch_ns = verdict_ns - hang["verdict_s"] * 1e9
        ours.append((verdict_ns - mark_ns) / 1e9)
        deadline_only.append((launch_ns + ev["deadline_s"] * 1e9 - mark_ns) / 1e9)

    if not ours:
        print("no deadlock was measured (%d runs without one)" % missing)
        return 1
    q = lambda v, p: sorted(v)[min(len(v) - 1, int(p * len(v)))]
    print("fork-with-held-lock under fork, %d runs (%d without a measurable hang), deadline %.0f s"
          % (len(cells), missing, cells[0]["evidence"]["deadline_s"]))
    print("%-28s %8s %8s %8s %8s" % ("verdict latency (s)", "min", "median", "p90", "max"))
    for name, v in (("hang probe (mpconform)", ours), ("deadline only, same deadline", deadline_only)):
        print("%-28s %8.2f %8.2f %8.2f %8.2f" % (name, min(v), statistics.median(v), q(v, 0.9), max(v)))
    print("speed-up of the median: %.0fx" % (statistics.median(deadline_only) / statistics.median(ours)))
    return 0


def busy_parent(args):
    program = os.path.join(ROOT, "tests", "check", "logging_queue_thread.py")
    latencies, verdicts, other = [], [], []
    for _ in range(args.runs):
        report_dir = tempfile.mkdtemp(prefix="mpconform-bench-busy-")
        cmd = [args.mpconform, "check", "--method", "fork", "--timeout", "30", "--report-dir", report_dir, program]
        if args.python:
            cmd[2:2] = ["--python", args.python]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cell = json.load(open(os.path.join(report_dir, "results.json")))["cells"][0]
        hang = cell["evidence"].get("hang") or {}
        if cell["outcome"] != "deadlock" or not hang.get("deadlocked_alone"):
            other.append(cell["outcome"])
            continue
        latencies.append(hang["verdict_s"] - hang["started_s"])
        verdicts.append(hang["verdict_s"])
    if not latencies:
        print("no busy-parent deadlock was measured (outcomes: %s)" % other)
        return 1
    q = lambda v, p: sorted(v)[min(len(v) - 1, int(p * len(v)))]
    print("busy-parent shape under fork, %d runs (%d other outcomes: %s), deadline 30 s"
          % (args.runs, len(other), ", ".join(other) or "none"))
    print("%-34s %8s %8s %8s %8s" % ("seconds", "min", "median", "p90", "max"))
    for name, v in (("verdict after the worker stuck", latencies), ("verdict after launch", verdicts)):
        print("%-34s %8.2f %8.2f %8.2f %8.2f" % (name, min(v), statistics.median(v), q(v, 0.9), max(v)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
