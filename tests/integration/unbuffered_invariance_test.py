"""A caller that exports PYTHONUNBUFFERED=1 (and other PYTHON* variables) gets the
same outcome in every cell as one that does not: the harness decides the cell's
environment, not the caller."""
import os

from harness import cell_key, check, run_matrix

clean = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
noisy = dict(clean, PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1", PYTHONWARNINGS="error",
             PYTHONPATH="/nonexistent")

# Every case but the torch and gRPC ones, which take most of a run's time (imports of
# seconds, deadlines waited out) and write nothing through Python's stdio buffers
# that the outcome depends on; the logging and print cases, whose outcomes do, stay.
CASES = ["--skip-tag", "torch", "--skip-tag", "grpc"]
_, doc_clean, _, err1, _ = run_matrix(CASES, env=clean)
_, doc_noisy, _, err2, _ = run_matrix(CASES, env=noisy)
check(doc_clean and doc_noisy, "a run wrote no results\n" + err1 + err2)

# Cells that declare more than one outcome are intermittent by their own account.
def deterministic(cell):
    return len(cell["expected"]) <= 1

a = {cell_key(c): c for c in doc_clean["cells"]}
b = {cell_key(c): c for c in doc_noisy["cells"]}
check(a.keys() == b.keys(), "the two runs planned different cells")
diffs = [(k, a[k]["outcome"], b[k]["outcome"]) for k in a
         if deterministic(a[k]) and (a[k]["outcome"], a[k]["observations"]) != (b[k]["outcome"], b[k]["observations"])]
check(not diffs, "outcomes changed with PYTHONUNBUFFERED=1: %s" % diffs)
for c in doc_noisy["cells"]:
    env = c["evidence"]["facts"].get("env", [])
    check("PYTHONUNBUFFERED=1" not in env and "PYTHONPATH=/nonexistent" not in env,
          "the caller's PYTHON* variables reached %s" % (cell_key(c),))
    stdio = c["evidence"]["facts"].get("stdio")
    if stdio:
        check(not stdio["stdout_line_buffering"] and not stdio["stdout_write_through"],
              "stdout of %s is not block-buffered: %s" % (cell_key(c), stdio))
print("ok: %d cells keep their outcome" % len(a))
