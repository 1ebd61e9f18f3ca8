"""Ctrl-C (SIGINT) or SIGTERM to `mpconform run` in the middle of the whole matrix:
every cell's tree is killed, the results gathered so far are written as a valid
document marked incomplete, the exit status is the conventional 128 + signal, and
nothing is left behind: no process, no /dev/shm entry, no temporary report file, no
cgroup. A second run into the same folder then writes complete reports over them."""
import json
import os
import signal
import subprocess
import tempfile
import time

from harness import MPCONFORM, RUN_PIDS, Leaks, check

leaks = Leaks()
for sig in (signal.SIGINT, signal.SIGTERM):
    report_dir = tempfile.mkdtemp(prefix="mpconform-int-")
    p = subprocess.Popen([MPCONFORM, "run", "--jobs", "2", "--report-dir", report_dir],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    RUN_PIDS.append(p.pid)
    time.sleep(8)  # long enough for some cells to finish, well short of the matrix
    p.send_signal(sig)
    out, err = p.communicate(timeout=120)
    check(p.returncode == 128 + sig, "exit status %d after %s" % (p.returncode, sig.name))
    check("interrupted" in err, "no word of the interruption on stderr: " + err[-500:])
    doc = json.load(open(os.path.join(report_dir, "results.json")))
    check(doc["run"]["complete"] is False, "an interrupted run is not marked incomplete")
    check(0 < len(doc["cells"]) < doc["run"]["planned_cells"],
          "%d of %d cells after %s" % (len(doc["cells"]), doc["run"]["planned_cells"], sig.name))
    check(all(c["outcome"] != "harness-error" for c in doc["cells"]),
          "a cell cut short by the interruption was reported as a result")
    check(not [f for f in os.listdir(report_dir) if f.startswith(".")], "a temporary file was left")
    problems = leaks.found()
    check(not problems, "after %s: %s" % (sig.name, "; ".join(problems)))

# A second run into the last folder replaces the incomplete document with a whole one.
code = subprocess.call([MPCONFORM, "run", "--quiet", "--case", "pipe-round-trip", "--report-dir", report_dir],
                       stdout=subprocess.DEVNULL)
doc = json.load(open(os.path.join(report_dir, "results.json")))
check(code == 0 and doc["run"]["complete"], "the second run did not write a complete document")
print("ok: SIGINT and SIGTERM leave valid incomplete reports and nothing behind")
