"""`--python PATH` for an interpreter the build made no runner for: a runner is built
on demand into $XDG_CACHE_HOME/mpconform/runners, once, with one progress line,
even when two mpconform processes ask for it at the same moment; later runs reuse
it at once; a venv made from that interpreter uses it too; and where there is no
compiler the one line of the error names it, exit 2.

Uses an interpreter under ~/.pyenv/versions (3.12 preferred) whose runner is not
among the build's; skips (77) when there is none."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import check, run, MPCONFORM  # noqa: E402

PROGRESS = "building a runner for Python"
NO_MODULE = "mpconform_no_such_module"

PROGRAM = """import multiprocessing, sys
def square(n):
    return n * n
if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        print("squares", pool.map(square, range(4)))
"""


def pick_interpreter():
    """A pyenv interpreter (3.12 first) that the build has no runner for."""
    built = set()
    for manifest in glob.glob(os.path.join(os.path.dirname(MPCONFORM), "runners", "*.json")):
        doc = json.load(open(manifest))
        if isinstance(doc, dict):
            built.add(doc.get("executable"))
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    candidates = [c for c in glob.glob(os.path.join(root, "versions", "3.*", "bin", "python3.*"))
                  if re.match(r"python3\.\d+$", os.path.basename(c)) and os.access(c, os.X_OK)]
    candidates.sort(key=lambda c: (("/3.12." not in c), c))
    for python in candidates:
        if os.path.realpath(python) not in built:
            return python
    return None


def env_with(cache, **more):
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    env.update(more)
    return env


def progress_lines(err):
    return [l for l in err.splitlines() if PROGRESS in l]


def timed(args, env):
    t0 = time.monotonic()
    code, out, err = run(args, env=env)
    return code, out, err, time.monotonic() - t0


def built_once_under_two_processes(python, cache):
    """Two mpconform at once, neither finding a runner: one builds, the other waits
    and reuses; the cache ends with one runner and no half-built folder."""
    args = [MPCONFORM, "check", "--python", python, "-m", NO_MODULE]
    env = env_with(cache)
    t0 = time.monotonic()
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    results = [p.communicate(timeout=600) + (p.returncode,) for p in procs]
    seconds = time.monotonic() - t0
    lines = []
    for out, err, code in results:
        check(code == 2 and "no module named " + NO_MODULE in err, "exit %d, stderr %r" % (code, err))
        lines += progress_lines(err)
    check(len(lines) == 1, "expected one progress line over both processes, got %r" % lines)
    check(" ... done in " in lines[0] and lines[0].endswith(" s"), "progress line %r" % lines[0])
    check(os.path.realpath(python) in lines[0], "progress line %r does not name the interpreter" % lines[0])
    runners = os.path.join(cache, "mpconform", "runners")
    manifests = glob.glob(os.path.join(runners, "*.json"))
    check(len(manifests) == 1, "manifests in the cache: %s" % manifests)
    check(not glob.glob(os.path.join(runners, ".build-*")), "a build folder was left in %s" % runners)
    doc = json.load(open(manifests[0]))
    check(doc["executable"] == os.path.realpath(python) and os.access(doc["runner"], os.X_OK),
          "manifest %s" % doc)
    return "built once by two processes at once (%s; %.1f s in all)" % (lines[0].split("mpconform: ")[-1], seconds)


def reused_and_runs(python, cache, workdir):
    program = os.path.join(workdir, "squares.py")
    with open(program, "w") as f:
        f.write(PROGRAM)
    report_dir = tempfile.mkdtemp(prefix="mpconform-on-demand-")
    code, out, err, _ = timed(["check", "--python", python, "--report-dir", report_dir, program], env_with(cache))
    check(code == 0, "check with the cached runner: exit %d\n%s%s" % (code, out, err))
    check(not progress_lines(err), "a runner was built again: %r" % err)
    doc = json.load(open(os.path.join(report_dir, "results.json")))
    version = subprocess.run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                             stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    for cell in doc["cells"]:
        where = cell["method"]
        check(cell["outcome"] == "ok", "%s: outcome %s" % (where, cell["outcome"]))
        check(cell["python"]["version"] == version, "%s: python %s" % (where, cell["python"]))
        check("squares [0, 1, 4, 9]" in cell["evidence"]["stdout"]["text"], "%s: stdout %r" % (
            where, cell["evidence"]["stdout"]["text"]))
    # Choosing the interpreter costs no build: timed where nothing else runs.
    code, out, err, seconds = timed(["check", "--python", python, "-m", NO_MODULE], env_with(cache))
    check(code == 2 and not progress_lines(err), "reuse: exit %d, stderr %r" % (code, err))
    check(seconds < 2.0, "reusing the runner took %.2f s" % seconds)
    return "reused: %d cells ok, no progress line; choosing it took %.2f s" % (len(doc["cells"]), seconds)


def venv_uses_it(python, cache):
    venv = tempfile.mkdtemp(prefix="mpconform-on-demand-venv-")
    subprocess.run([python, "-m", "venv", "--without-pip", venv], check=True)
    venv_python = os.path.join(venv, "bin", "python")
    report_dir = tempfile.mkdtemp(prefix="mpconform-on-demand-venv-check-")
    program = os.path.join(os.environ["MPCONFORM_SOURCE_DIR"], "tests", "check", "venv_prefix.py")
    code, out, err = run(["check", "--python", venv_python, "--report-dir", report_dir, program],
                         env=env_with(cache))
    check(code == 0, "check with the venv's python: exit %d\n%s%s" % (code, out, err))
    check(not progress_lines(err), "the venv's base runner was built again: %r" % err)
    doc = json.load(open(os.path.join(report_dir, "results.json")))
    for cell in doc["cells"]:
        check(cell["outcome"] == "ok", "venv %s: outcome %s" % (cell["method"], cell["outcome"]))
        check(cell["python"].get("prefix") == venv, "venv %s: prefix %s" % (cell["method"], cell["python"]))
    return "a venv of it: %d cells ok with sys.prefix the venv's, the same runner" % len(doc["cells"])


def no_compiler_is_one_line(python):
    # A fresh cache, so a build is needed.
    for extra, needle in [({"CXX": "/nonexistent", "PATH": "/nonexistent-bin"}, "CXX=/nonexistent"),
                          ({"CXX": "", "PATH": "/nonexistent-bin"}, "no C++ compiler")]:
        cache = tempfile.mkdtemp(prefix="mpconform-on-demand-nocxx-")
        code, out, err = run(["check", "--python", python, "-m", NO_MODULE], env=env_with(cache, **extra))
        lines = [l for l in err.splitlines() if l.strip()]
        check(code == 2 and len(lines) == 1 and needle in lines[0] and "install g++" in lines[0],
              "%s: exit %d, stderr %r" % (extra, code, err))
        check(not glob.glob(os.path.join(cache, "mpconform", "runners", "*.json")), "a manifest without a build")
    return "no compiler: exit 2, one line (%s)" % lines[0]


FAKE_PYTHON = """#!/bin/sh
# Answers describe_python.py as an interpreter installed without its headers would.
echo '{"version": "3.12.3", "executable": "%(exe)s", "prefix": "%(root)s", "include_dir": "%(root)s/include/python3.12",
       "lib_dir": "%(root)s/lib", "ldlibrary": "libpython3.12.so", "libs": "", "static_archive": "", "static_libs": "",
       "loader": ""}'
"""


def cannot_embed_is_one_line():
    """An interpreter without Python.h, and one older than 3.6: one line each, exit 2."""
    root = tempfile.mkdtemp(prefix="mpconform-on-demand-nodev-")
    exe = os.path.join(root, "bin", "python3.12")
    os.makedirs(os.path.dirname(exe))
    os.makedirs(os.path.join(root, "lib"))
    open(os.path.join(root, "lib", "libpython3.12.so"), "w").close()
    with open(exe, "w") as f:
        f.write(FAKE_PYTHON % {"exe": exe, "root": root})
    os.chmod(exe, 0o755)
    cases = [(exe, "its headers (Python.h) not installed")]
    old = glob.glob(os.path.expanduser("~/.pyenv/versions/2.*/bin/python2.[0-9]"))
    if old:
        cases.append((old[0], "older than 3.6"))
    said = []
    for python, needle in cases:
        cache = tempfile.mkdtemp(prefix="mpconform-on-demand-nodev-cache-")
        code, out, err = run(["check", "--python", python, "-m", NO_MODULE], env=env_with(cache))
        lines = [l for l in err.splitlines() if l.strip()]
        check(code == 2 and len(lines) == 1 and needle in lines[0], "%s: exit %d, stderr %r" % (python, code, err))
        said.append(needle)
    return "cannot embed: exit 2, one line (%s)" % "; ".join(said)


def main():
    python = pick_interpreter()
    if not python:
        print("SKIP: no interpreter under ~/.pyenv/versions that the build has no runner for")
        return 77
    print("interpreter: %s" % python)
    cache = tempfile.mkdtemp(prefix="mpconform-on-demand-cache-")
    workdir = tempfile.mkdtemp(prefix="mpconform-on-demand-work-")
    for step in (lambda: built_once_under_two_processes(python, cache),
                 lambda: reused_and_runs(python, cache, workdir),
                 lambda: venv_uses_it(python, cache),
                 lambda: no_compiler_is_one_line(python),
                 cannot_embed_is_one_line):
        print("ok: " + step())
    return 0


if __name__ == "__main__":
    sys.exit(main())
