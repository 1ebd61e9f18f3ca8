"""A reader that goes away before the run ends (`mpconform run | head`) costs the run
nothing: the matrix, the progress lines and the final line go nowhere, but every
cell runs, the reports are written and the exit status is the run's own, not death
by SIGPIPE."""
import json
import os
import subprocess
import tempfile

from harness import MPCONFORM, check

CASES = ["child-sys-exit-code", "child-mutates-global", "queue-round-trip"]

report_dir = tempfile.mkdtemp(prefix="mpconform-it-")
args = [MPCONFORM, "run", "--report-dir", report_dir, "--method", "fork", "--method", "spawn"]
for case in CASES:
    args += ["--case", case]
read_out, write_out = os.pipe()
os.close(read_out)  # nobody will ever read what the run prints
code = subprocess.call(args, stdout=write_out, stderr=write_out)
os.close(write_out)
check(code == 0, "exit status %d (a negative one is the signal that ended it)" % code)
results = os.path.join(report_dir, "results.json")
check(os.path.exists(results), "no results.json in " + report_dir)
doc = json.load(open(results))
check(len(doc["cells"]) == 2 * len(CASES), "%d cells, expected %d" % (len(doc["cells"]), 2 * len(CASES)))
check(doc["run"]["counts"]["PASS"] == 2 * len(CASES), "counts: %s" % doc["run"]["counts"])
print("ok: %d cells, reports written, exit 0 with nobody reading" % len(doc["cells"]))
