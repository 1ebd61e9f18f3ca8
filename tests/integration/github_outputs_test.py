"""`mpconform check --github --sarif FILE` end to end, as a GitHub job runs it:
GITHUB_WORKSPACE a folder above the program's (whose name holds a comma, a
space and a percent sign, which workflow commands must escape),
GITHUB_STEP_SUMMARY a file. Asserts the annotation lines (the culprit's line,
the main-guard line, the fork's line for a child deadlocked beside threads,
paths relative to the workspace, the escaping), the job summary, and the SARIF
file, then validates it with the SARIF multitool. Then
the action's own scripts (ci/action/resolve.sh, check.sh) with its inputs:
outputs set from check.json, the step failing on a break only with
fail-on-break. Exit 77 only when, all else passing, sarif-multitool is absent
(sh ci/setup.sh --tests installs it)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import MPCONFORM, SOURCE_DIR, check, run  # noqa: E402

PROGRAMS = os.path.join(SOURCE_DIR, "tests", "check")
ANNOTATION = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def unescape_data(s):
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(s):
    return s.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def commands_resumed(stdout):
    """The lines after `::TOKEN::`: before it, from `::stop-commands::TOKEN` (the
    first line), the runner takes no workflow command, so nothing the program
    printed, shown in the report, can be one."""
    lines = stdout.splitlines()
    check(lines and lines[0].startswith("::stop-commands::"), "stdout does not begin by stopping commands: %r" % lines[:2])
    token = lines[0][len("::stop-commands::"):]
    check(re.fullmatch(r"[0-9a-f]{32}", token), "stop-commands token %r" % token)
    resume = "::%s::" % token
    check(lines.count(resume) == 1, "commands resumed %d times" % lines.count(resume))
    return lines[lines.index(resume) + 1:]


def annotations(stdout):
    """(command, {property: value}, message) of each workflow command printed,
    each checked to be well formed: no unescaped separator in a property."""
    found = []
    for line in commands_resumed(stdout):
        if not line.startswith("::"):
            continue
        m = ANNOTATION.match(line)
        check(m, "not a workflow command: %r" % line)
        props = {}
        for pair in (m.group(2) or "").split(","):
            if not pair:
                continue
            key, sep, value = pair.partition("=")
            check(sep and key in ("file", "line", "title", "endLine", "col", "endColumn"),
                  "property %r of %r" % (pair, line))
            props[key] = unescape_property(value)
        found.append((m.group(1), props, unescape_data(m.group(3))))
    return found


workspace = tempfile.mkdtemp(prefix="mpconform-ws-")
app = os.path.join(workspace, "app, v2 100%")
os.makedirs(app)
for name in ("nested_target.py", "no_main_guard.py"):
    shutil.copy(os.path.join(PROGRAMS, name), app)
out_dir = tempfile.mkdtemp(prefix="mpconform-gh-")
summary = os.path.join(out_dir, "summary.md")
with open(summary, "w") as f:
    f.write("earlier step's summary\n")
env = dict(os.environ, GITHUB_WORKSPACE=workspace, GITHUB_STEP_SUMMARY=summary)


def run_check(program, sarif):
    here = os.getcwd()
    os.chdir(app)
    try:
        return run(["check", "--github", "--sarif", sarif, "--report-dir", os.path.join(out_dir, program),
                    "--method", "fork", "--method", "spawn", program], env=env)
    finally:
        os.chdir(here)


# --- a local function sent to a spawn child ------------------------------------
sarif_path = os.path.join(out_dir, "nested.sarif")
code, out, err = run_check("nested_target.py", sarif_path)
check(code == 1, "check exited %d, expected 1 (a break)\n%s%s" % (code, out, err))
doc = json.load(open(os.path.join(out_dir, "nested_target.py", "check.json")))
found = annotations(out)
errors = [a for a in found if a[0] == "error"]
check(len(errors) == 1, "expected one ::error (spawn's break), got %s" % found)
kind, props, message = errors[0]
check(props.get("file") == "app, v2 100%/nested_target.py", "file= %r, expected the path from the workspace" % props)
check(props.get("line") == "7", "line= %r, expected 7 (where producer is defined)" % props)
check(props.get("title") == "mpconform: object that cannot be pickled", "title= %r" % props)
raw = [line for line in out.splitlines() if line.startswith("::error ")][0]
check(raw.startswith("::error file=app%2C v2 100%25/nested_target.py,line=7,title=mpconform%3A object"),
      "the properties are not escaped as the toolkit escapes them: %r" % raw)
check("::run_job.<locals>.producer (local function, defined at nested_target.py:7) cannot be pickled; sent by "
      "Process.start at nested_target.py:12%0AIn: 3.11" in raw, "the message's lines are not %%0A: %r" % raw)
check(message.startswith(doc["breaks"][0]["cause"] + "\nIn: "), "message %r\ncause %r" % (message, doc["breaks"][0]["cause"]))
check("Also sent by Process.start at app, v2 100%/nested_target.py:12" in message, "no sending line in %r" % message)
check("Remedy: move `producer` to module level" in message, "no remedy in %r" % message)

text = open(summary).read()
check(text.startswith("earlier step's summary\n## mpconform check: nested\\_target.py\n"),
      "the summary was not appended after what the file held:\n" + text[:300])
check("| python | fork | spawn |" in text and "❌ **pickling-error**" in text, "no grid in the summary:\n" + text)
check("**object that cannot be pickled** at app, v2 100%/nested\\_target.py:7 (3.11" in text,
      "the break's line is not in the summary:\n" + text)
check("run\\_job.\\<locals\\>.producer" in text, "the cause is not escaped in the summary:\n" + text)
check("remedy: move \\`producer\\` to module level" in text, "no remedy in the summary:\n" + text)

sarif = json.load(open(sarif_path))
check(sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1, "not one SARIF 2.1.0 run")
driver = sarif["runs"][0]["tool"]["driver"]
check(driver["name"] == "mpconform" and driver["version"] and driver["informationUri"].startswith("http"),
      "tool.driver %s" % {k: driver.get(k) for k in ("name", "version", "informationUri")})
results = sarif["runs"][0]["results"]
check(len(results) == 1, "%d SARIF results, expected 1" % len(results))
r = results[0]
rule = driver["rules"][r["ruleIndex"]]
check(r["ruleId"] == rule["id"] and rule["name"] == "UnpicklableObject" and r["level"] == "error",
      "result's rule %s / %s" % (r["ruleId"], rule))
loc = r["locations"][0]["physicalLocation"]
check(loc["artifactLocation"] == {"uri": "app%2C%20v2%20100%25/nested_target.py", "uriBaseId": "%SRCROOT%"},
      "artifactLocation %s" % loc["artifactLocation"])
check(loc["region"]["startLine"] == 7, "region %s" % loc["region"])
check(r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 12, "relatedLocations %s" % r.get("relatedLocations"))
check(r["partialFingerprints"], "no fingerprint")

# --- the program's own words cannot be workflow commands ---------------------------
shutil.copy(os.path.join(PROGRAMS, "prints_workflow_commands.py"), app)
code, out, err = run_check("prints_workflow_commands.py", os.path.join(out_dir, "inject.sarif"))
check(code == 1, "prints_workflow_commands: exit %d, expected 1 (spawn's output differs)\n%s%s" % (code, out, err))
stopped = out.splitlines()[:out.splitlines().index("::%s::" % out.splitlines()[0][len("::stop-commands::"):])]
check(any("::error file=app.py,line=1::injected by the program" in line for line in stopped),
      "the program's line is not in the report, inside the stopped window:\n" + out)
check(not any(p.get("file") == "app.py" for _, p, _ in annotations(out)) and
      "::add-mask::secret" not in commands_resumed(out), "the program's line became a command:\n" + out)

# --- a process started at module level: the guard's line -----------------------
code, out, err = run_check("no_main_guard.py", os.path.join(out_dir, "guard.sarif"))
check(code == 1, "no_main_guard: exit %d\n%s%s" % (code, out, err))
errors = [a for a in annotations(out) if a[0] == "error"]
check(len(errors) == 1 and errors[0][1].get("line") == "11" and
      errors[0][1].get("file") == "app, v2 100%/no_main_guard.py" and "__main__" in errors[0][1].get("title", ""),
      "no_main_guard: annotations %s" % errors)

# --- a child deadlocked on a lock a thread held at the fork: the fork's line ------
shutil.copy(os.path.join(PROGRAMS, "lock_held_at_fork.py"), app)
here = os.getcwd()
os.chdir(app)
try:
    code, out, err = run(["check", "--github", "--report-dir", os.path.join(out_dir, "lock"), "--method", "fork",
                          "lock_held_at_fork.py"], env=env)
finally:
    os.chdir(here)
found = annotations(out)
fork_line = [i for i, line in enumerate(open(os.path.join(app, "lock_held_at_fork.py")), 1) if "worker.start()" in line]
at_fork = [(k, p.get("title")) for k, p, _ in found
           if p.get("file") == "app, v2 100%/lock_held_at_fork.py" and fork_line and p.get("line") == str(fork_line[0])]
check(("warning", "mpconform: forked while other threads ran") in at_fork,
      "no ::warning at the fork's line %s: %s\n%s" % (fork_line, found, err[-2000:]))
check(code != 1 or ("error", "mpconform: a process deadlocked") in at_fork,
      "the deadlock is not pointed at the fork's line %s: %s" % (fork_line, found))

# --- the action's scripts, with its inputs ---------------------------------------
scripts = os.path.join(SOURCE_DIR, "ci", "action")
outputs = os.path.join(out_dir, "resolve-output")
r = subprocess.run(["bash", os.path.join(scripts, "resolve.sh")], capture_output=True, text=True,
                   env=dict(os.environ, PYTHONS="/usr/bin/python3", GITHUB_OUTPUT=outputs))
check(r.returncode == 0, "resolve.sh: %s%s" % (r.stdout, r.stderr))
resolved = open(outputs).read()
paths = re.search(r"^paths<<(\S+)\n(.*?)\n\1$", resolved, re.M | re.S)
check(paths and paths.group(2) == "/usr/bin/python3",
      "resolve.sh's paths: %r" % resolved)
check(re.search(r"^key=\S+-[0-9a-f]{16}-[0-9a-f]{16}$", resolved, re.M), "resolve.sh's key: %r" % resolved)
r = subprocess.run(["bash", os.path.join(scripts, "resolve.sh")], capture_output=True, text=True,
                   env=dict(os.environ, PYTHONS="no-such-python", GITHUB_OUTPUT=outputs))
check(r.returncode == 2 and "::error title=mpconform::no interpreter 'no-such-python'" in r.stdout,
      "resolve.sh on a missing interpreter: %d %s" % (r.returncode, r.stdout))


def action_check(fail_on_break):
    github_output = os.path.join(out_dir, "check-output-" + fail_on_break)
    step_env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    step_env.update(MPCONFORM=MPCONFORM, PYTHON_PATHS=paths.group(2) if paths else "/usr/bin/python3",
                    PROGRAM="nested_target.py", MODULE_ARGS="", METHODS="fork,spawn", FAIL_ON_BREAK=fail_on_break,
                    RERUNS="0", TIMEOUT="60", REPORT_DIR=os.path.join(out_dir, "action-" + fail_on_break),
                    GITHUB_OUTPUT=github_output, GITHUB_WORKSPACE=workspace)
    p = subprocess.run(["bash", os.path.join(scripts, "check.sh")], cwd=app, capture_output=True, text=True,
                       env=step_env, timeout=600)
    return p, open(github_output).read() if os.path.exists(github_output) else ""


p, got = action_check("false")
check(p.returncode == 0, "check.sh with fail-on-break false exited %d\n%s%s" % (p.returncode, p.stdout, p.stderr))
check("::error file=app%2C v2 100%25/nested_target.py,line=7," in p.stdout, "check.sh printed no annotation:\n" + p.stdout)
check(re.search(r"^exit-code=1$", got, re.M) and re.search(r"^breaks=1$", got, re.M), "outputs %r" % got)
check(re.search(r"^verdict<<(\S+)\nbreaks in 1 of 2 cells .*\n\1$", got, re.M), "verdict output %r" % got)
sarif_out = re.search(r"^sarif=(.*)$", got, re.M)
check(sarif_out and os.path.isfile(sarif_out.group(1)), "sarif output %r" % got)
check(re.search(r"^check-json=.*/check\.json$", got, re.M), "check-json output %r" % got)
p, got = action_check("true")
check(p.returncode == 1, "check.sh with fail-on-break true exited %d, expected 1" % p.returncode)

# --- the SARIF multitool ------------------------------------------------------------
multitool = shutil.which("sarif-multitool")
if not multitool:
    print("skip: sarif-multitool is not installed (sh ci/setup.sh --tests installs it); all else passed")
    sys.exit(77)


def validation_findings(path):
    """The errors and warnings sarif-multitool reports on `path` (its own
    failures to run included)."""
    log = path + ".validation.sarif"
    # The npm wrapper passes its arguments through a shell: the quotes keep the ; list whole.
    v = subprocess.run([multitool, "validate", path, "-o", log, "--rule-kind", '"Sarif;Gh"'],
                       capture_output=True, text=True, timeout=300)
    check(v.returncode == 0 and os.path.exists(log),
          "sarif-multitool validate %s: %d\n%s%s" % (path, v.returncode, v.stdout, v.stderr))
    report = json.load(open(log))["runs"][0]
    bad = [x for x in report.get("results", []) if x.get("level", "warning") in ("error", "warning")]
    for inv in report.get("invocations", []):
        check(inv.get("executionSuccessful"), "sarif-multitool did not run to its end on %s: %s" % (path, inv))
        bad += [n for n in inv.get("toolExecutionNotifications", []) if n.get("level", "warning") != "note"]
    return bad, v.stdout


# First a file it must find fault with (a rule whose name is its id), so a
# validator that checks nothing cannot pass.
broken = json.load(open(sarif_path))
broken["runs"][0]["tool"]["driver"]["rules"][0]["name"] = broken["runs"][0]["tool"]["driver"]["rules"][0]["id"]
broken_path = os.path.join(out_dir, "broken.sarif")
json.dump(broken, open(broken_path, "w"))
bad, _ = validation_findings(broken_path)
check(any(x.get("ruleId") == "SARIF1001" for x in bad), "sarif-multitool accepted a rule named as its id: %s" % bad)
for path in (sarif_path, sarif_out.group(1) if sarif_out else sarif_path):
    bad, stdout = validation_findings(path)
    check(not bad, "sarif-multitool found in %s:\n%s\n%s" % (path, json.dumps(bad, indent=1)[:3000], stdout[-3000:]))
    print("sarif-multitool validate %s: no error or warning" % os.path.basename(path))
print("ok: annotations, job summary, SARIF (validated) and the action's scripts")
