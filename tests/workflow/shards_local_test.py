"""The workflow's own shard and merge scripts, run here as GitHub would run them
(bash -eo pipefail, the step's env), with two shards on the system python: each
shard's report is "uploaded" by copying, the merge step joins them, writes the job
summary, and leaves every file the workflow uploads."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["MPCONFORM_SOURCE_DIR"], "tests", "integration"))
from harness import MPCONFORM, check  # noqa: E402
from workflow import load, step  # noqa: E402

doc = load()
shards = int(doc["env"]["SHARDS"])
python = os.path.realpath("/usr/bin/python3")
work = tempfile.mkdtemp(prefix="mpconform-workflow-")


def run_step(s, cwd, values):
    """Runs step `s`'s script in `cwd`. `values` gives what GitHub's expressions
    would evaluate to; every env value that is an expression must be among them."""
    env = dict(os.environ)
    env.update({k: v for k, v in doc.get("env", {}).items()})
    env["MPCONFORM"] = MPCONFORM  # the workflow's build/mpconform, built here
    for k, v in s.get("env", {}).items():
        if "${{" in v:
            check(k in values, "no local value for %s: %s" % (k, v))
            env[k] = values[k]
        else:
            env[k] = v
    env.update({k: v for k, v in values.items() if k.isupper() and k not in s.get("env", {})})
    os.makedirs(cwd, exist_ok=True)
    p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]],
                       cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    return p.returncode, p.stdout + p.stderr, env


shard_step = step(doc, "shard", "shard-run")
upload = next(s for s in doc["jobs"]["shard"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
merge_dir = os.path.join(work, "merge")
shard_cells = []
for k in range(1, shards + 1):
    cwd = os.path.join(work, "shard-%d" % k)
    code, out, env = run_step(shard_step, cwd, {"PYTHON": python, "SHARD": str(k)})
    check(code == 0, "shard %d/%d step failed (%d):\n%s" % (k, shards, code, out))
    report = os.path.join(cwd, upload["with"]["path"])
    results = json.load(open(os.path.join(report, "results.json")))
    check(results["run"]["shard"] == "%d/%d" % (k, shards), "shard %d ran as %s" % (k, results["run"]["shard"]))
    check(results["cells"], "shard %d has no cells" % k)
    check({c["python"]["executable"] for c in results["cells"]} == {python},
          "shard %d ran another interpreter than %s" % (k, python))
    shard_cells += results["cells"]
    # download-artifact puts each artifact in a folder named after it.
    shutil.copytree(report, os.path.join(merge_dir, "shards", "results-local-py-shard%d" % k))

summary = os.path.join(work, "step-summary.md")
open(summary, "w").close()
merge_step = step(doc, "merge", "merge")
code, out, _ = run_step(merge_step, merge_dir, {"GITHUB_STEP_SUMMARY": summary})
fails = sum(c["verdict"] == "FAIL" for c in shard_cells)
check(code == (1 if fails else 0), "merge step exited %d with %d FAIL cells:\n%s" % (code, fails, out))
merged_dir = os.path.join(merge_dir, merge_step["env"]["REPORT_DIR"])
merged = json.load(open(os.path.join(merged_dir, "results.json")))
key = lambda c: (c["case"], c["method"], c["exe_mode"], c["python"]["version"])  # noqa: E731
check(sorted(map(key, merged["cells"])) == sorted(map(key, shard_cells)),
      "the merged report does not hold exactly the shards' cells")
check(merged["run"]["complete"], "the merged run is not complete")
check(open(summary).read() == open(os.path.join(merged_dir, "summary.md")).read(),
      "the job summary is not summary.md")

final = next(s for s in doc["jobs"]["merge"]["steps"]
             if s.get("uses", "").startswith("actions/upload-artifact@") and "merged/" in s["with"]["path"])
for path in final["with"]["path"].split():
    check(os.path.exists(os.path.join(merge_dir, path)),
          "the merge job uploads %s, which merge did not write" % path)
shutil.rmtree(work, ignore_errors=True)
print("ok: %d shards, %d cells merged" % (shards, len(merged["cells"])))
