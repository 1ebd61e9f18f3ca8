"""`repro` of the seed 003 program (a thread printing to stderr while processes
start), with its knobs, reports a non-zero fork hang rate with its interval and the
stacks of a hung child; spawn stays at zero. Without --jobs it runs one tree at a
time (the race needs a free core), says so, and gives no warning."""
import json
import os
import tempfile

from harness import check, run

report_dir = tempfile.mkdtemp(prefix="mpconform-it-seed003-")
code, out, err = run(["repro", "thread-stderr-print-while-starting", "--method", "fork", "--method", "spawn",
                      "--runs", "10", "--knob", "THREADS=3", "--stderr-backpressure", "20",
                      "--report-dir", report_dir])
check(code == 0, "repro failed (%d):\n%s%s" % (code, out, err))
summary = json.load(open(os.path.join(report_dir, "repro.json")))
rows = {r["method"]: r for r in summary["rows"]}
check(rows["fork"]["hangs"] > 0, "no fork run hung: %s" % rows["fork"])
check(0 < rows["fork"]["ci95"][0] <= rows["fork"]["rate"] <= rows["fork"]["ci95"][1], "bad interval %s" % rows["fork"])
check(rows["spawn"]["hangs"] == 0, "a spawn run hung: %s" % rows["spawn"])
hang = summary["first_hang"]["evidence"]["hang"]
children = [p for p in hang["processes"] if p["role"] == "child" and p["judgement"] == "stuck"]
check(children, "no stuck child in the first hang's evidence")
check(any("File " in t["python_stack"] for p in children for t in p["threads"]),
      "no Python stack for the hung child")
check(summary["jobs"] == 1 and summary["trees_at_once"] == 1 and summary["warning"] is None,
      "repro did not run one tree at a time by default: %s" % {k: summary.get(k) for k in ("jobs", "trees_at_once", "warning")})
check("1 at a time" in out and "warning" not in out, "repro's report:\n" + out)
cells = json.load(open(os.path.join(report_dir, "results.json")))["cells"]
check(all(c["evidence"]["concurrency"]["cells_beside"] == 0 and c["evidence"]["concurrency"]["alone"] for c in cells),
      "a run had another beside it: %s" % [c["evidence"]["concurrency"] for c in cells])
check("First hang" in out and "Stack (most recent call first)" in out, "repro did not show the stacks:\n" + out)
print("ok: fork %d/%d hung, CI [%.2f, %.2f]" % (rows["fork"]["hangs"], rows["fork"]["runs"], *rows["fork"]["ci95"]))
