"""An interpreter given as a virtual environment's python runs as that python
would, in `check` and in `run`: sys.prefix is the venv's and its site-packages
import, in the main process and in fork, spawn and forkserver children, with the
runner built for the base interpreter. A venv and its base in one run are refused
with one line (their cells would share names)."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, run, SOURCE_DIR  # noqa: E402

PROGRAMS = os.path.join(SOURCE_DIR, "tests", "check")
BASE = "/usr/bin/python3"


def make_venv():
    """A venv of the system python (as users make them: no pip, the system's
    packages visible) with one module only it has."""
    venv = tempfile.mkdtemp(prefix="mpconform-venv-")
    subprocess.run([BASE, "-m", "venv", "--without-pip", "--system-site-packages", venv], check=True)
    python = os.path.join(venv, "bin", "python")
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    check(purelib.startswith(venv), "the venv's site-packages %s is outside it" % purelib)
    os.makedirs(purelib, exist_ok=True)
    with open(os.path.join(purelib, "mpconform_venv_only.py"), "w") as f:
        f.write("MARK = 1\n")
    return venv, python


def check_program_sees_the_venv(venv, python):
    report_dir = tempfile.mkdtemp(prefix="mpconform-venv-check-")
    code, out, err = run(["check", "--python", python, "--report-dir", report_dir,
                          os.path.join(PROGRAMS, "venv_prefix.py")])
    check(code == 0, "check with the venv's python: exit %d\n%s%s" % (code, out, err))
    doc = json.load(open(os.path.join(report_dir, "results.json")))
    methods = set()
    for cell in doc["cells"]:
        methods.add(cell["method"])
        where = "%s/%s" % (cell["python"]["version"], cell["method"])
        check(cell["outcome"] == "ok", "%s: outcome %s" % (where, cell["outcome"]))
        check(cell["python"].get("venv") == venv, "%s: python.venv %s" % (where, cell["python"].get("venv")))
        check(cell["python"].get("prefix") == venv, "%s: python.prefix %s" % (where, cell["python"].get("prefix")))
        check(cell["python"]["executable"] == python, "%s: executable %s" % (where, cell["python"]["executable"]))
        stdout = cell["evidence"]["stdout"]["text"]
        for who in ("parent", "child"):
            line = "%s %s venv-only module: yes" % (who, venv)
            check(line in stdout, "%s: %r not in stdout %r" % (where, line, stdout))
    check(methods == {"fork", "spawn", "forkserver", "default"}, "methods %s" % methods)
    return "check: 4 cells, parent and child in the venv"


def run_catalog_case_in_the_venv(venv, python):
    report_dir = tempfile.mkdtemp(prefix="mpconform-venv-run-")
    code, out, err = run(["run", "--python", python, "--case", "child-sys-exit-code", "--report-dir", report_dir])
    check(code == 0, "run with the venv's python: exit %d\n%s%s" % (code, out, err))
    doc = json.load(open(os.path.join(report_dir, "results.json")))
    for cell in doc["cells"]:
        check(cell["verdict"] == "PASS", "run %s: %s %s" % (cell["method"], cell["verdict"], cell["reason"]))
        check(cell["python"].get("prefix") == venv, "run %s: prefix %s" % (cell["method"], cell["python"]))
    return "run: %d cells PASS with sys.prefix the venv's" % len(doc["cells"])


def venv_and_base_together_refused(python):
    code, out, err = run(["check", "--python", "3.11", "--python", python, os.path.join(PROGRAMS, "portable.py")])
    lines = [l for l in err.splitlines() if l.strip()]
    check(code == 2 and len(lines) == 1 and "separate runs" in lines[0],
          "venv and base together: exit %d, stderr %r" % (code, err))
    return "venv and base together: exit 2, one line"


def main():
    if not os.path.exists(BASE):
        print("SKIP: %s is not installed" % BASE)
        return 77
    venv, python = make_venv()
    for step in (lambda: check_program_sees_the_venv(venv, python),
                 lambda: run_catalog_case_in_the_venv(venv, python),
                 lambda: venv_and_base_together_refused(python)):
        print("ok: " + step())
    return 0


if __name__ == "__main__":
    sys.exit(main())
