#!/usr/bin/env python3
"""Harness cost per cell against bare `python case.py`, side by side in one run.

For each place cells run and each case and method, alternates N times between
  bare:    python3 case.py 2>&1 | cat   (method set by fixtures/standalone, output
           to a pipe, done when the whole tree has closed it, as under the harness)
  harness: mpconform run --case ID --method M --jobs 1 (the whole command: catalog,
           runner, supervision, classification, the reports)
and prints the median wall time of each and their ratio. Alternating keeps both
under the same machine load. With --parts, two more commands alternate with them,
to show where the ratio goes:
  runner:  the default interpreter's runner (build/runners) run by hand on the
           case as the supervisor would run it (its own command line, channel and
           environment), but without the start-up hooks, the supervisor, the
           cgroups, the namespaces, the catalog or the reports: what embedding
           CPython costs by itself
  hooks:   the same with harness/pyhooks on PYTHONPATH, as cells have it
The places (--where, repeatable; default: all that this machine allows):
  root    as this user (root: the cgroups the machine has)
  hidden  as root in a mount namespace whose /sys/fs/cgroup is an empty tmpfs (a
          container, a chroot: the harness mounts a hierarchy for the run); bare
          runs in the same kind of namespace
  user    as the user mpconform-ci (made here if missing, as .ci/run makes it):
          RLIMIT_NPROC in a user namespace; bare runs as that user too
Usage:
  bench/cell_overhead.py [--runs N] [--case ID:METHOD ...] [--where root|hidden|user ...]
                         [--mpconform build/mpconform] [--python /usr/bin/python3] [--parts]
"""
import argparse
import glob
import json
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


def timed(place, cmd, env=None, cwd=None, fresh=None):
    """Wall time of `cmd` at `place`, run in `cwd`; `fresh`, a file removed first (a
    runner's channel: each starts on none, as in a cell, and another user's could
    not be opened)."""
    argv, extra = wrap(place, cmd)
    if cwd:
        extra = dict(extra, cwd=cwd)
    if fresh:
        try:
            os.unlink(fresh)
        except FileNotFoundError:
            pass
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **extra)
    return time.perf_counter() - t0


def default_runner(mpconform):
    """The default interpreter's runner manifest, from the build beside `mpconform`."""
    for path in glob.glob(os.path.join(os.path.dirname(os.path.abspath(mpconform)), "runners", "*.json")):
        if path.endswith("unusable.json"):
            continue
        with open(path) as f:
            manifest = json.load(f)
        if manifest.get("default"):
            return manifest
    sys.exit("--parts: no default runner under %s/runners (build the project first)" % os.path.dirname(mpconform))


def started_on(channel):
    """Whether the runner began the case: boot's first event is on its channel."""
    try:
        with open(channel) as f:
            return any(json.loads(line).get("event") == "start" for line in f if line.strip())
    except (OSError, ValueError):
        return False


def runner_parts(manifest, case_file, method, clean, channel):
    """The runner's own command line for the case (harness/core/cell_run.cc builds the
    same), output to a pipe as under the harness; and its environment without and with
    the start-up hooks (harness/core/cell_env.cc)."""
    argv = ["sh", "-c", '"$@" 2>&1 | cat', "sh", manifest["runner"], "--mpconform-cell", "--case", case_file,
            "--method", method, "--exe-mode", "python", "--python-exe", manifest["executable"],
            "--channel", channel]
    fixtures = os.path.join(ROOT, "fixtures")
    base = dict(clean, PYTHONHASHSEED="0", MPCONFORM_CHANNEL=channel, MPCONFORM_CELL="%d-1" % os.getpid())
    hooks = os.path.join(ROOT, "harness", "pyhooks")
    return argv, dict(base, PYTHONPATH=fixtures), dict(base, PYTHONPATH=hooks + ":" + fixtures)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--case", action="append", dest="cells", help="ID:METHOD (repeatable)")
    ap.add_argument("--where", action="append", choices=["root", "hidden", "user"],
                    help="where cells run (repeatable; default: all this machine allows)")
    ap.add_argument("--mpconform", default=os.path.join(ROOT, "build", "mpconform"))
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--parts", action="store_true",
                    help="also time the runner alone and the runner with the hooks")
    ap.add_argument("--lens", choices=["macos", "windows"],
                    help="with --parts: also time the runner with the hooks under this OS lens (MPCONFORM_OS), "
                         "against the hooks alone")
    args = ap.parse_args()
    if args.lens and not args.parts:
        sys.exit("--lens needs --parts")
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
    if args.parts:
        manifest = default_runner(args.mpconform)
        cell_dir = os.path.join(report_dir, "cell")  # the runner's channel beside its working directory
        work = os.path.join(cell_dir, "work")
        channel = os.path.join(cell_dir, "channel.jsonl")
        os.makedirs(work)
        if "user" in places:
            for d in (cell_dir, work):
                os.chown(d, u.pw_uid, u.pw_gid)

    parts_head = (" %9s %7s %9s %7s %13s" % ("runner ms", "ratio", "hooks ms", "ratio", "harness/hooks")
                  if args.parts else "") + (" %8s %10s" % ("lens ms", "lens/hooks") if args.lens else "")
    print("%-8s %-28s %-10s %9s %10s %7s" % ("where", "case", "method", "bare ms", "harness ms", "ratio") + parts_head)
    ratios = {p: [] for p in places}
    added = {p: [] for p in places}  # harness / runner with hooks: what mpconform adds around the interpreter
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
            # name: (command, environment, working directory, file removed first)
            commands = {"bare": (bare, bare_env, None, None), "harness": (harness, clean, None, None)}
            if args.parts:
                argv, alone_env, hooks_env = runner_parts(manifest, found[0], method, clean, channel)
                commands.update(runner=(argv, alone_env, work, channel), hooks=(argv, hooks_env, work, channel))
                if args.lens:  # the same runner and hooks, with the lens's rules installed in every process
                    commands["lens"] = (argv, dict(hooks_env, MPCONFORM_OS=args.lens), work, channel)
            for name, (cmd, env, cwd, fresh) in commands.items():  # warm the page cache
                timed(place, cmd, env, cwd, fresh)
                if fresh and not started_on(channel):
                    sys.exit("--parts: the %s command did not start %s (%s)" % (name, case_id, manifest["runner"]))
            times = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, spec in commands.items():
                    times[name].append(timed(place, *spec))
            median = {name: statistics.median(t) for name, t in times.items()}
            mb, mh = median["bare"], median["harness"]
            ratios[place].append(mh / mb)
            if args.parts:
                added[place].append(mh / median["hooks"])
            parts = (" %9.1f %7.3f %9.1f %7.3f %13.3f" % (median["runner"] * 1e3, median["runner"] / mb,
                                                          median["hooks"] * 1e3, median["hooks"] / mb,
                                                          mh / median["hooks"])
                     if args.parts else "")
            if args.lens:
                parts += " %8.1f %10.3f" % (median["lens"] * 1e3, median["lens"] / median["hooks"])
            print("%-8s %-28s %-10s %9.1f %10.1f %7.3f" % (place, case_id, method, mb * 1e3, mh * 1e3, mh / mb) + parts)
    for place in places:
        print("median ratio %-6s: %.3f" % (place, statistics.median(ratios[place])) +
              ("   harness/hooks: median %.3f, worst %.3f (target: at most 1.05)"
               % (statistics.median(added[place]), max(added[place])) if args.parts else ""))
    every = [r for p in places for r in ratios[p]]
    print("median ratio over all cells: %.3f (target: at most 1.10)" % statistics.median(every))
    shutil.rmtree(report_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
