"""`run --compare` over 3.13 and 3.14 lists exactly the cells whose behaviour
really changed: those whose measured expectations differ between the two versions
(at least the nested-function target, the lambda target and the missing main
guard under `default`), and nothing else. Skipped (exit 77) where either
interpreter has no runner."""
import json
import os
import sys

from harness import check, run, run_matrix, why_no_results

code, out, err = run(["list"])
if "3.13." not in out or "3.14." not in out:
    print("skipped: needs runners for 3.13 and 3.14 (see `mpconform list`)")
    sys.exit(77)

code, doc, out, err, report_dir = run_matrix(["--python", "3.13", "--python", "3.14", "--compare"])
check(doc is not None, why_no_results(code, err))
fails = [(c["case"], c["method"], c["python"]["version"], c["outcome"]) for c in doc["cells"] if c["verdict"] == "FAIL"]
check(not fails, "FAIL cells: %s" % fails)
cmp = json.load(open(os.path.join(report_dir, "compare.json")))

def expectation(cell):
    return (tuple(cell["expected"]), json.dumps(cell["expected_observations"], sort_keys=True))

by_version = {}
for c in doc["cells"]:
    by_version.setdefault(c["python"]["version"][:4], {})[(c["case"], c["method"])] = c
old, new = by_version["3.13"], by_version["3.14"]
# A cell unsupported on both sides (a library neither interpreter has) cannot
# have changed, whatever its expectations say for an interpreter that has it.
really_changed = {k for k in old if k in new and expectation(old[k]) != expectation(new[k])
                  and len(old[k]["expected"]) <= 1 and len(new[k]["expected"]) <= 1
                  and not (old[k]["outcome"] == new[k]["outcome"] == "unsupported")}
listed = {(e["case"], e["method"]) for e in cmp["changed"]}
check(listed == really_changed,
      "compare listed %s; the expectations say %s" % (sorted(listed), sorted(really_changed)))
for must in [("nested-function-target", "default"), ("lambda-closure-target", "default"),
             ("no-main-guard", "default")]:
    check(must in listed, "%s is missing from the comparison" % (must,))
reasons = {(e["case"], e["method"]): e["reason"] for e in cmp["changed"]}
check(reasons[("nested-function-target", "default")] == "default method fork -> forkserver",
      "unexpected reason: %s" % reasons[("nested-function-target", "default")])
print("ok: %d changed cells, each explained" % len(listed))
