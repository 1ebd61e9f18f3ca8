#!/usr/bin/env python3
"""The start-up hooks every Python process of a cell imports (harness/pyhooks), on
every interpreter the build has a runner for:
- the sitecustomize they shadow still runs, as the import system would run it
  (named sitecustomize, with its own __file__), and only once;
- the hooks' folder leaves sys.path;
- _json (an extension module) is not loaded by the hooks in a process that never
  forks, and a fork is still recorded: the child writes one at_fork line of valid
  JSON naming the forking stack and the other thread alive at that moment."""
import glob
import json
import os
import subprocess
import sys
import tempfile

from harness import SOURCE_DIR, MPCONFORM

HOOKS = os.path.join(SOURCE_DIR, "harness", "pyhooks")

PROBE = r"""
import builtins, json, os, sys, threading
hooks = os.environ["HOOKS"]
facts = {
    "shadowed": getattr(builtins, "SHADOWED_RUNS", None),
    "json_loaded_by_hooks": builtins.JSON_LOADED_BEFORE_SHADOWED,
    "hooks_on_path": any(os.path.abspath(e or ".") == hooks for e in sys.path),
}
stop = threading.Event()
helper = threading.Thread(target=stop.wait, name="helper-alive-at-fork")
helper.start()
pid = os.fork()
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
stop.set()
helper.join()
print(json.dumps(facts))
"""

# The shadowed file notes each time it runs, and whether _json was loaded by then
# (it runs after the hooks' own imports, before the program's).
SHADOWED = """
import builtins, sys
builtins.SHADOWED_RUNS = getattr(builtins, "SHADOWED_RUNS", []) + [[__name__, __file__]]
builtins.JSON_LOADED_BEFORE_SHADOWED = "_json" in sys.modules
"""


def interpreters():
    runners = os.path.join(os.path.dirname(MPCONFORM), "runners")
    for manifest in sorted(glob.glob(os.path.join(runners, "*.json"))):
        doc = json.load(open(manifest))
        if isinstance(doc, dict) and os.path.exists(doc.get("executable", "")):
            yield doc["version"], doc["executable"]


def check(version, python, failures):
    shadow_dir = tempfile.mkdtemp(prefix="mpconform-shadow-")
    shadow = os.path.join(shadow_dir, "sitecustomize.py")
    with open(shadow, "w") as f:
        f.write(SHADOWED)
    channel = os.path.join(shadow_dir, "channel.jsonl")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": HOOKS + ":" + shadow_dir,
           "MPCONFORM_CHANNEL": channel, "HOOKS": HOOKS, "PYTHONDONTWRITEBYTECODE": "1"}
    p = subprocess.run([python, "-c", PROBE],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                       timeout=60)
    where = "%s (%s)" % (version, python)
    if p.returncode != 0:
        failures.append("%s: the probe failed: %s" % (where, p.stderr.strip()[-800:]))
        return
    facts = json.loads(p.stdout.strip().splitlines()[-1])
    if facts["shadowed"] != [["sitecustomize", shadow]]:
        failures.append("%s: the shadowed sitecustomize ran as %r, not once as sitecustomize from %s"
                        % (where, facts["shadowed"], shadow))
    if facts["hooks_on_path"]:
        failures.append("%s: the hooks' folder is still on sys.path" % where)
    if facts["json_loaded_by_hooks"]:
        failures.append("%s: the hooks loaded _json in a process that had not forked" % where)
    lines = open(channel).read().splitlines() if os.path.exists(channel) else []
    events = [json.loads(line) for line in lines]  # every line must be valid JSON
    at_forks = [e for e in events if e.get("event") == "at_fork"]
    if len(at_forks) != 1:
        failures.append("%s: %d at_fork events for one fork: %r" % (where, len(at_forks), lines))
        return
    snapshot = at_forks[0]
    names = [t["name"] for t in snapshot["threads"]]
    if names != ["helper-alive-at-fork"]:
        failures.append("%s: the snapshot's other threads are %r" % (where, names))
    if not any(frame[2] == "<module>" for frame in snapshot["forking_stack"]):
        failures.append("%s: the forking stack %r lacks the probe's module frame"
                        % (where, snapshot["forking_stack"]))


def main():
    failures = []
    seen = 0
    for version, python in interpreters():
        seen += 1
        check(version, python, failures)
    if seen == 0:
        print("no interpreter with a runner manifest under", os.path.dirname(MPCONFORM))
        return 1
    for f in failures:
        print("FAIL:", f)
    print("%d interpreters, %d failures" % (seen, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
