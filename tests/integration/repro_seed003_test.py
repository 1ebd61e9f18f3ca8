"""`repro` of the seed 003 program (a thread printing to stderr while processes
start), with its knobs, reports a non-zero fork hang rate with its interval and the
stacks of a hung child; spawn stays at zero."""
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
check("First hang" in out and "Stack (most recent call first)" in out, "repro did not show the stacks:\n" + out)
print("ok: fork %d/%d hung, CI [%.2f, %.2f]" % (rows["fork"]["hangs"], rows["fork"]["runs"], *rows["fork"]["ci95"]))
