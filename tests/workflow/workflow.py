"""Reading ci/github-workflow.yml for the workflow tests: the parsed document, its
steps by id, and the `mpconform` command lines its run scripts contain."""
import os
import re
import shlex

import yaml

SOURCE_DIR = os.environ["MPCONFORM_SOURCE_DIR"]
WORKFLOW = os.path.join(SOURCE_DIR, "ci", "github-workflow.yml")
LINKED = os.path.join(SOURCE_DIR, ".github", "workflows", "mpconform.yml")


def load(path=WORKFLOW):
    with open(path) as f:
        # BaseLoader keeps every scalar a string, as GitHub reads them ("3.10" stays
        # "3.10"); `on:` stays the key "on" instead of YAML 1.1's boolean True.
        return yaml.load(f, Loader=yaml.BaseLoader)


def step(doc, job, step_id):
    for s in doc["jobs"][job]["steps"]:
        if s.get("id") == step_id:
            return s
    raise KeyError("job %s has no step with id %s" % (job, step_id))


def mpconform_commands(script):
    """Each `"$MPCONFORM" ...` command of a run script, as its list of words after
    the program (shell operators such as `||` end a command)."""
    found = []
    for line in script.splitlines():
        for m in re.finditer(r'"\$MPCONFORM"(.*)', line):
            words = []
            for w in shlex.split(m.group(1), comments=True):
                if w in ("||", "&&", ";", "|"):
                    break
                words.append(w)
            found.append(words)
    return found
