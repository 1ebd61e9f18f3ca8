"""`run --shard 1/2` and `--shard 2/2`, merged, give the same cells as one unsharded
run: the same keys, the same outcomes (where a case does not declare itself
intermittent), in the same order; the merged reports are complete."""
import os
import subprocess

from harness import MPCONFORM, cell_key, check, run, run_matrix

# Sharding and merging do not depend on what a case imports: the library cases
# (seconds each, some waiting out their deadline) are left out of all three runs.
CORE = ["--skip-tag", "libraries"]
_, whole, _, err0, _ = run_matrix(CORE)
_, shard1, _, err1, dir1 = run_matrix(CORE + ["--shard", "1/2"])
_, shard2, _, err2, dir2 = run_matrix(CORE + ["--shard", "2/2"])
check(whole and shard1 and shard2, "a run wrote no results\n" + err0 + err1 + err2)
check(shard1["cells"] and shard2["cells"], "a shard is empty")
check(not ({cell_key(c) for c in shard1["cells"]} & {cell_key(c) for c in shard2["cells"]}),
      "the shards overlap")

merged_dir = dir1 + "-merged"
code, out, err = run(["merge", os.path.join(dir1, "results.json"), os.path.join(dir2, "results.json"),
                      "--report-dir", merged_dir])
check(code in (0, 1), "merge failed (%d):\n%s%s" % (code, out, err))
import json
merged = json.load(open(os.path.join(merged_dir, "results.json")))
for name in ("junit.xml", "summary.md"):
    check(os.path.exists(os.path.join(merged_dir, name)), "merge wrote no " + name)

keys_whole = [cell_key(c) for c in whole["cells"]]
keys_merged = [cell_key(c) for c in merged["cells"]]
check(keys_whole == keys_merged, "merged cells differ from the unsharded run's:\n%s\n%s" % (keys_whole, keys_merged))
w = {cell_key(c): c for c in whole["cells"]}
diffs = [(cell_key(c), w[cell_key(c)]["outcome"], c["outcome"]) for c in merged["cells"]
         if len(c["expected"]) <= 1 and c["outcome"] != w[cell_key(c)]["outcome"]]
check(not diffs, "outcomes differ between sharded and unsharded runs: %s" % diffs)
check(merged["run"]["complete"] and merged["run"]["planned_cells"] == len(keys_whole), "merged run is not complete")
check(merged["run"]["counts"]["cells"] == len(keys_whole), "merged counts are wrong")
print("ok: %d cells" % len(keys_whole))
