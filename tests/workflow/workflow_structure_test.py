"""ci/github-workflow.yml is a workflow GitHub will accept and that does what the
issue asks: every job has runs-on and steps, the shard matrix covers ubuntu, macos
and windows by Python 3.9 to 3.14, non-Linux jobs may fail without failing the
workflow, the merge job needs the shards, every action is pinned to a version, and
every mpconform command it runs is one `mpconform --help` lists, with flags its
own --help lists. The copy under .github/workflows is identical (GitHub does not
follow a symlinked workflow file)."""
import os
import re
import subprocess
import sys

from workflow import LINKED, WORKFLOW, load, mpconform_commands, step

MPCONFORM = os.environ["MPCONFORM"]
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


doc = load()
check(open(LINKED, "rb").read() == open(WORKFLOW, "rb").read(),
      ".github/workflows/mpconform.yml differs from ci/github-workflow.yml (copy it again)")

for key in ("name", "on", "jobs"):
    check(key in doc, "the workflow has no top-level %r" % key)
jobs = doc.get("jobs", {})
check(set(jobs) >= {"shard", "merge"}, "jobs are %s, expected shard and merge" % sorted(jobs))

for name, job in jobs.items():
    check("runs-on" in job, "job %s has no runs-on" % name)
    check(isinstance(job.get("steps"), list) and job["steps"], "job %s has no steps" % name)
    for i, s in enumerate(job.get("steps", [])):
        check(("uses" in s) != ("run" in s), "job %s step %d needs exactly one of uses and run" % (name, i + 1))
        uses = s.get("uses")
        if uses:
            # A release tag (v4, v4.1.2) or a full commit SHA; never a branch.
            check(re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", uses),
                  "job %s step %d: %r is not pinned to a version tag" % (name, i + 1, uses))

shard = jobs["shard"]
matrix = shard["strategy"]["matrix"]
check(shard["runs-on"] == "${{ matrix.os }}", "shard jobs do not run on the matrix's OS")
check(set(matrix.get("os", [])) == {"ubuntu-latest", "macos-latest", "windows-latest"},
      "matrix.os is %s" % matrix.get("os"))
check(matrix.get("python") == ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"],
      "matrix.python is %s, expected 3.9 to 3.14 as strings" % matrix.get("python"))
shards = int(doc.get("env", {}).get("SHARDS", "0"))
check(shards >= 2 and matrix.get("shard") == [str(k) for k in range(1, shards + 1)],
      "matrix.shard %s does not count 1..SHARDS (%d)" % (matrix.get("shard"), shards))
check(shard["strategy"].get("fail-fast") == "false", "one failing shard would cancel the others (fail-fast)")
# Linux must count; the others report without failing the workflow.
check(shard.get("continue-on-error") == "${{ matrix.os != 'ubuntu-latest' }}",
      "shard jobs are not continue-on-error exactly off Linux: %r" % shard.get("continue-on-error"))

setup = [s for s in shard["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
check(len(setup) == 1 and setup[0].get("id") == "python" and
      setup[0].get("with", {}).get("python-version") == "${{ matrix.python }}",
      "shard jobs do not install matrix.python with actions/setup-python (id: python)")
build = "\n".join(s.get("run", "") for s in shard["steps"])
check("cmake --workflow --preset default" in build, "shard jobs do not build with the default preset")
check('-DMPCONFORM_PYTHON="$PYTHON"' in build and "-DMPCONFORM_DISCOVER=OFF" in build,
      "shard jobs do not build the runner for setup-python's interpreter alone")

run_step = step(doc, "shard", "shard-run")
check(run_step["env"].get("PYTHON") == "${{ steps.python.outputs.python-path }}",
      "the shard runs another interpreter than setup-python's")
uploads = [s for s in shard["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
check(len(uploads) == 1 and uploads[0].get("if") == "always()" and
      "matrix.shard" in uploads[0]["with"]["name"] and "matrix.os" in uploads[0]["with"]["name"] and
      "matrix.python" in uploads[0]["with"]["name"],
      "each shard does not upload its results under a name of its own, whatever happened")
check(uploads and uploads[0]["with"]["path"].rstrip("/") == run_step["env"]["REPORT_DIR"],
      "the shard uploads another folder than its report folder")

merge = jobs["merge"]
needs = merge.get("needs")
check(needs == "shard" or needs == ["shard"], "the merge job does not need the shard jobs: %r" % needs)
check("cancelled()" in merge.get("if", ""), "the merge job is skipped as soon as one shard fails")
check(any(s.get("uses", "").startswith("actions/download-artifact@") and
          s.get("with", {}).get("pattern") == "results-*" for s in merge["steps"]),
      "the merge job does not download the shards' artifacts")
merge_step = step(doc, "merge", "merge")
check('>> "$GITHUB_STEP_SUMMARY"' in merge_step["run"] and "summary.md" in merge_step["run"],
      "the merge step does not append summary.md to the job summary")
final = [s for s in merge["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
paths = final[0]["with"]["path"].split() if final else []
check("merged/report.html" in paths and "merged/junit.xml" in paths,
      "the merge job does not upload report.html and junit.xml: %s" % paths)

# Every mpconform command is one the command knows, with flags it knows.
help_text = subprocess.run([MPCONFORM, "--help"], capture_output=True, text=True).stdout
known = set(re.findall(r"^  (\w+)\s", help_text.split("Subcommands:")[-1], re.M))
used = set()
for name, job in jobs.items():
    for s in job["steps"]:
        for words in mpconform_commands(s.get("run", "")):
            check(words and words[0] in known, "job %s runs mpconform %s, unknown to --help (%s)" %
                  (name, words[:1], sorted(known)))
            if not words or words[0] not in known:
                continue
            used.add(words[0])
            sub_help = subprocess.run([MPCONFORM, words[0], "--help"], capture_output=True, text=True).stdout
            for w in words[1:]:
                if w.startswith("--"):
                    check(re.search(r"(^|[ ,])%s\b" % re.escape(w), sub_help, re.M),
                          "mpconform %s --help does not know %s" % (words[0], w))
check(used == {"run", "merge"}, "the workflow runs mpconform %s, expected run and merge" % sorted(used))

if problems:
    print("FAIL:\n  " + "\n  ".join(problems))
    sys.exit(1)
print("ok: %d jobs, %d shard jobs" % (len(jobs), 3 * 6 * shards))
