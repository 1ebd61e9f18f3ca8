"""None of the hang controls (fixtures/hang-controls: sleeping, timed waits,
untimed waits that a sleeping process will satisfy, computing) is ever called a
deadlock, over repeated runs: the probe gives no false deadlock verdicts."""
import os

from harness import SOURCE_DIR, check, run_matrix, why_no_results

ROUNDS = 2
controls = os.path.join(SOURCE_DIR, "fixtures", "hang-controls")
seen = 0
for round_ in range(ROUNDS):
    code, doc, out, err, _ = run_matrix(["--cases-dir", controls])
    check(doc is not None, why_no_results(code, err))
    deadlocks = [(c["case"], c["method"]) for c in doc["cells"] if c["outcome"] == "deadlock"]
    check(not deadlocks, "round %d: controls called deadlock: %s" % (round_ + 1, deadlocks))
    fails = [(c["case"], c["method"], c["outcome"]) for c in doc["cells"] if c["verdict"] != "PASS"]
    check(not fails, "round %d: %s" % (round_ + 1, fails))
    seen += len(doc["cells"])
print("ok: %d control cells, none called a deadlock" % seen)
