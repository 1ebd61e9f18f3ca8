"""The whole matrix on the default interpreter passes, writes all three reports
(results.json valid and complete, junit.xml well-formed, summary.md), and leaves no
process, /dev/shm entry, semaphore, System V IPC object or cgroup behind, the
deadlock cells included; race-prone cells ran with no other cell beside them."""
import os
import xml.etree.ElementTree as ET

from harness import Leaks, check, run_matrix, why_no_results

leaks = Leaks()
code, doc, out, err, report_dir = run_matrix()
check(doc is not None, why_no_results(code, err))
fails = [c for c in doc["cells"] if c["verdict"] == "FAIL"]
check(not fails, "FAIL cells: %s\n%s" % ([(c["case"], c["method"], c["outcome"], c["reason"]) for c in fails], out))
check(code == 0, "exit status %d with no FAIL cell" % code)
check(doc["schema"] == 1 and doc["run"]["complete"], "results.json is not a complete schema-1 document")
check(len(doc["cells"]) == doc["run"]["planned_cells"] > 0, "cells missing from the document")
check({"deadlock"} <= {c["outcome"] for c in doc["cells"]}, "the matrix has no deadlock cell to test cleanup with")
for field in ("case", "method", "resolved_method", "python", "outcome", "observations", "expected",
              "verdict", "duration_s", "evidence"):
    check(all(field in c for c in doc["cells"]), "a cell lacks " + field)

# Race-prone cells (a hang beside another outcome, or tagged intermittent) had the
# machine to themselves; every cell says what ran beside it and the load.
racy = [c for c in doc["cells"] if "intermittent" in doc["cases"][c["case"]].get("tags", []) or
        (len(c["expected"]) > 1 and {"deadlock", "timeout"} & set(c["expected"]))]
check(racy, "the matrix has no race-prone cell")
for c in doc["cells"]:
    cc = c["evidence"]["concurrency"]
    check(cc["slots"] == doc["run"]["jobs"] and cc["load_1min"] is not None, "concurrency %s" % cc)
    if c in racy:
        check(cc["alone"] and cc["alone_because"] == "race-prone" and cc["cells_beside"] == 0,
              "%s %s ran beside others: %s" % (c["case"], c["method"], cc))
if doc["run"]["jobs"] > 1:
    check(any(not c["evidence"]["concurrency"]["alone"] for c in doc["cells"]), "every cell ran alone")

junit = ET.parse(os.path.join(report_dir, "junit.xml")).getroot()
testcases = junit.findall(".//testcase")
check(len(testcases) == len(doc["cells"]), "junit.xml has %d testcases for %d cells" % (len(testcases), len(doc["cells"])))
summary = open(os.path.join(report_dir, "summary.md")).read()
check(all(c["case"] in summary for c in doc["cells"]), "summary.md does not name every case")
check(not [f for f in os.listdir(report_dir) if f.startswith(".")], "a temporary file was left in the report folder")
problems = leaks.found()  # processes, /dev/shm (semaphores too), System V IPC, cgroups
check(not problems, "; ".join(problems))
print("ok: %d cells, no leftovers" % len(doc["cells"]))
