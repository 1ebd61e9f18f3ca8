"""Two runs at once on one machine do not interfere: each has its own scratch
folder (gone afterwards), its own cell cgroups, private /dev/shm per cell, and both
pass with nothing left behind, though both run the same hostile and shared-memory
cases at the same moment."""
import glob
import os
import subprocess
import tempfile

from harness import MPCONFORM, RUN_PIDS, SOURCE_DIR, Leaks, check

HOSTILE = os.path.join(SOURCE_DIR, "tests", "hostile")
scratch = tempfile.mkdtemp(prefix="mpconform-tmp-")
env = dict(os.environ, TMPDIR=scratch)
leaks = Leaks()
runs = []
for k in range(2):
    report_dir = tempfile.mkdtemp(prefix="mpconform-conc-%d-" % k)
    args = [MPCONFORM, "run", "--quiet", "--jobs", "1", "--report-dir", report_dir, "--builtin",
            "--cases-dir", HOSTILE, "--case", "leaves-ipc", "--case", "fork-bomb", "--case", "setsid-escape",
            "--case", "shared-value-array-lock", "--case", "manager-proxies"]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    RUN_PIDS.append(p.pid)
    runs.append((p, report_dir))
for p, report_dir in runs:
    out, err = p.communicate(timeout=600)
    check(p.returncode == 0, "a concurrent run failed (%d):\n%s\n%s" % (p.returncode, out[-2000:], err[-2000:]))
    check(os.path.exists(os.path.join(report_dir, "results.json")), "no results.json in " + report_dir)
check(not glob.glob(os.path.join(scratch, "mpconform-*")), "a scratch folder was left in TMPDIR")
problems = leaks.found()
check(not problems, "; ".join(problems))
print("ok: two runs at once, both pass, nothing shared or left")
