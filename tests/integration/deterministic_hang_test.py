"""The deterministic case (a lock held across fork) hangs in every fork run and in
no spawn or forkserver run, on every interpreter with a runner, and each hang is
called within about a second of the moment the tree stopped progressing (the
case's mark), with its deadline at 30 s. Not a race, so two trees run at once
(--jobs 2), and repro's report and repro.json say how many ran at once, with the
warning when more than one did."""
import json
import os
import statistics
import tempfile

from harness import check, run

report_dir = tempfile.mkdtemp(prefix="mpconform-it-repro-")
code, out, err = run(["repro", "fork-with-held-lock", "--python", "all", "--method", "fork", "--method", "spawn",
                      "--method", "forkserver", "--runs", "3", "--jobs", "2", "--report-dir", report_dir])
check(code == 0, "repro failed (%d):\n%s%s" % (code, out, err))
summary = json.load(open(os.path.join(report_dir, "repro.json")))
for row in summary["rows"]:
    want = row["runs"] if row["method"] == "fork" else 0
    check(row["hangs"] == want, "python %s %s: %d hangs in %d runs, expected %d"
          % (row["python"], row["method"], row["hangs"], row["runs"], want))
cells = json.load(open(os.path.join(report_dir, "results.json")))["cells"]
at_once = 1 + max(c["evidence"]["concurrency"]["cells_beside"] for c in cells)
check(summary["jobs"] == 2 and summary["trees_at_once"] == at_once, "repro.json: jobs %s, trees_at_once %s, cells say %d"
      % (summary["jobs"], summary["trees_at_once"], at_once))
if at_once > 1:  # nearly always; which cells overlap is up to the machine
    check(summary["warning"] and ("%d trees ran at once" % at_once) in summary["warning"]
          and "warning: %d trees ran at once" % at_once in out, "no warning:\n" + out)
latencies = []
for c in cells:
    if c["outcome"] != "deadlock":
        continue
    check(c["evidence"]["deadline_s"] >= 30, "the deadline is below 30 s")
    mark = [m for m in c["evidence"]["marks"] if m["name"] == "last-progress"][-1]
    latencies.append((c["evidence"]["hang"]["verdict_monotonic_ns"] - mark["monotonic_ns"]) / 1e9)
median = statistics.median(latencies)
check(median <= 1.5, "median verdict latency %.2f s" % median)
print("ok: %d rows; %d hangs called after a median of %.2f s" % (len(summary["rows"]), len(latencies), median))
