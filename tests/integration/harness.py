"""Shared helpers for the integration tests: run the built `mpconform`, read its
reports, and look for anything a run left behind (processes, /dev/shm entries)."""
import json
import os
import subprocess
import sys
import tempfile

MPCONFORM = os.environ["MPCONFORM"]
SOURCE_DIR = os.environ["MPCONFORM_SOURCE_DIR"]


RUN_PIDS = []  # pids of the mpconform commands run, whose cells' leftovers we look for


def run(args, env=None, timeout=600):
    """Runs mpconform with `args`; returns (exit code, stdout, stderr)."""
    p = subprocess.Popen([MPCONFORM] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    RUN_PIDS.append(p.pid)
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out, err


def run_matrix(extra_args=(), env=None):
    """Runs into a fresh report folder; returns (exit code, results document, stdout,
    stderr, report folder)."""
    report_dir = tempfile.mkdtemp(prefix="mpconform-it-")
    code, out, err = run(["run", "--report-dir", report_dir] + list(extra_args), env=env)
    path = os.path.join(report_dir, "results.json")
    doc = json.load(open(path)) if os.path.exists(path) else None
    return code, doc, out, err, report_dir


def cell_key(cell):
    return (cell["case"], cell["method"], cell["python"]["version"], cell["exe_mode"])


def processes_of_cells(owners=None):
    """Pids of live processes that carry the cell token of a run by one of `owners`
    (mpconform pids; default: every run this test made), so runs by others on the
    same machine do not count."""
    owners = RUN_PIDS if owners is None else owners
    tokens = [("MPCONFORM_CELL=%d-" % pid).encode() for pid in owners]
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/environ" % pid, "rb") as f:
                env = f.read()
            with open("/proc/%s/stat" % pid) as f:
                zombie = f.read().rsplit(")", 1)[1].split()[0] == "Z"
            if not zombie and any(t in env for t in tokens):
                found.append(int(pid))
        except OSError:
            pass
    return found


def shm_entries():
    return set(os.listdir("/dev/shm"))


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
