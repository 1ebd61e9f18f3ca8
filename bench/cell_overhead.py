#!/usr/bin/env python3
"""Harness cost per cell against bare `python case.py`, side by side in one run.

For each place cells run and each case and method, alternates N times between
  bare:    python3 case.py 2>&1 | cat   (method set by fixtures/standalone, output
           to a pipe, done when the whole tree has closed it, as under the harness)
  harness: mpconform run --case ID --method M --jobs 1 (the whole command: catalog,
           runner, supervision, classification, the reports)
and prints the median wall time of each and their ratio. Alternating keeps both
under the same machine load. The places (--where, repeatable; default: all that
this machine allows):
  root    as this user (root: the cgroups the machine has)
  hidden  as root in a mount namespace whose /sys/fs/cgroup is an empty tmpfs (a
          container, a chroot: the harness mounts a hierarchy for the run); bare
          runs in the same kind of namespace
  user    as the user mpconform-ci (made here if missing, as .ci/run makes it):
          RLIMIT_NPROC in a user namespace; bare runs as that user too
Usage:
  bench/cell_overhead.py [--runs N] [--case ID:METHOD ...] [--where root|hidden|user ...]
                         [--mpconform build/mpconform] [--python /usr/bin/python3]
"""
import argparse
import glob
import os
import pwd
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The last is bench/cases' own: 200 forks with four other threads alive, each fork
# an at-fork snapshot under the harness (harness/pyhooks/mpconform_at_fork.py).
DEFAULT_CELLS = ["global-set-in-main-guard:spawn", "nested-function-target:fork",
                 "lambda-closure-target:spawn", "child-mutates-global:forkserver",
                 "forks-with-threads:fork"]
BENCH_CASES = os.path.join(ROOT, "bench", "cases")
BENCH_USER = "mpconform-ci"
HIDE = 'mount -t tmpfs none /sys/fs/cgroup && exec "$@"'


def places_here():
    if os.geteuid() != 0:
        return ["root"]  # as whoever this is; the others need root to arrange
    return ["root", "hidden", "user"]


def ensure_user():
    try:
        return pwd.getpwnam(BENCH_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--create-home", "--shell", "/bin/sh", BENCH_USER], check=True)
        return pwd.getpwnam(BENCH_USER)


def wrap(place, cmd):
    """The command line and the subprocess arguments that run `cmd` at `place`."""
    if place == "hidden":
        return ["unshare", "--mount", "--propagation", "private", "sh", "-c", HIDE, "sh"] + cmd, {}
    if place == "user":
        u = ensure_user()
        return cmd, {"user": u.pw_uid, "group": u.pw_gid, "extra_groups": [], "cwd": "/tmp"}
    return cmd, {}


def timed(place, cmd, env=None):
    argv, extra = wrap(place, cmd)
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **extra)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--case", action="append", dest="cells", help="ID:METHOD (repeatable)")
    ap.add_argument("--where", action="append", choices=["root", "hidden", "user"],
                    help="where cells run (repeatable; default: all this machine allows)")
    ap.add_argument("--mpconform", default=os.path.join(ROOT, "build", "mpconform"))
    ap.add_argument("--python", default="/usr/bin/python3")
    args = ap.parse_args()
    cells = args.cells or DEFAULT_CELLS
    places = args.where or places_here()
    if os.geteuid() != 0 and set(places) - {"root"}:
        sys.exit("--where hidden and --where user need root")
    report_dir = tempfile.mkdtemp(prefix="mpconform-bench-")
    if "user" in places:
        u = ensure_user()
        os.chown(report_dir, u.pw_uid, u.pw_gid)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPCONFORM"))}
    fixtures = os.path.join(ROOT, "fixtures")

    print("%-8s %-28s %-10s %9s %10s %7s" % ("where", "case", "method", "bare ms", "harness ms", "ratio"))
    ratios = {p: [] for p in places}
    for place in places:
        for cell in cells:
            case_id, method = cell.split(":")
            found = glob.glob(os.path.join(ROOT, "cases", "**", case_id + ".py"), recursive=True)
            from_bench = not found
            found = found or glob.glob(os.path.join(BENCH_CASES, case_id + ".py"))
            if not found:
                sys.exit("no case %s under cases/ or bench/cases/" % case_id)
            bare_env = dict(clean, PYTHONPATH=fixtures + ":" + os.path.join(fixtures, "standalone"),
                            PYTHONHASHSEED="0", MPCONFORM_START_METHOD=method)
            bare = ["sh", "-c", '"$0" "$1" 2>&1 | cat', args.python, found[0]]
            harness = [args.mpconform, "run", "-q", "--case", case_id, "--method", method,
                       "--jobs", "1", "--report-dir", report_dir] + (["--cases-dir", BENCH_CASES] if from_bench else [])
            timed(place, bare, bare_env), timed(place, harness, clean)  # warm the page cache
            b, h = [], []
            for _ in range(args.runs):
                b.append(timed(place, bare, bare_env))
                h.append(timed(place, harness, clean))
            mb, mh = statistics.median(b), statistics.median(h)
            ratios[place].append(mh / mb)
            print("%-8s %-28s %-10s %9.1f %10.1f %7.3f" % (place, case_id, method, mb * 1e3, mh * 1e3, mh / mb))
    for place in places:
        print("median ratio %-6s: %.3f" % (place, statistics.median(ratios[place])))
    every = [r for p in places for r in ratios[p]]
    print("median ratio over all cells: %.3f (target: at most 1.10)" % statistics.median(every))
    shutil.rmtree(report_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
