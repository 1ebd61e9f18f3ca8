"""Shared helpers for the integration tests: run the built `mpconform`, read its
reports, and look for anything a run left behind (processes, /dev/shm entries)."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

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


PROGRESS_LINE = re.compile(r"^\[\d+/\d+\] ")


def why_no_results(code, err):
    """What to show when a run wrote no results.json, most telling first: how
    mpconform ended, then its stderr without the per-cell progress lines (a CI log
    that shows only a part of a long message shows this part)."""
    ended = "was killed by signal %d" % -code if code < 0 else "exited %d" % code
    progress, other = [], []
    for line in err.splitlines():
        (progress if PROGRESS_LINE.match(line) else other).append(line)
    return "no results.json: mpconform %s after %d progress lines (the last: %s)\n%s" % (
        ended, len(progress), progress[-1] if progress else "none", "\n".join(other[-40:]))


def cell_key(cell):
    return (cell["case"], cell["method"], cell["python"]["version"], cell["exe_mode"])


def live_processes(*files):
    """(pid, fields of /proc/PID/stat after the command name, {file: bytes}) for each
    live process, not a zombie, with the contents of each /proc/PID/`files` entry."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            contents = {}
            for name in files:
                with open("/proc/%s/%s" % (pid, name), "rb") as f:
                    contents[name] = f.read()
        except OSError:
            continue
        if fields[0] != "Z":
            yield int(pid), fields, contents


def processes_of_cells(owners=None):
    """Pids of live processes that carry the cell token of a run by one of `owners`
    (mpconform pids; default: every run this test made), so runs by others on the
    same machine do not count."""
    owners = RUN_PIDS if owners is None else owners
    tokens = [("MPCONFORM_CELL=%d-" % pid).encode() for pid in owners]
    return [pid for pid, _, f in live_processes("environ") if any(t in f["environ"] for t in tokens)]


def shm_entries():
    return set(os.listdir("/dev/shm"))


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def sysv_ipc_ids():
    """System V shared memory segments, semaphore sets and message queues, by kind
    and id, from /proc/sysvipc (what `ipcs` lists)."""
    found = set()
    for kind in ("shm", "sem", "msg"):
        try:
            with open("/proc/sysvipc/" + kind) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if len(fields) > 1:
                        found.add((kind, fields[1]))
        except OSError:
            pass
    return found


def semaphores():
    """Named POSIX semaphores: glibc keeps them in /dev/shm as sem.NAME."""
    return {e for e in shm_entries() if e.startswith("sem.")}


def cell_cgroups(owners=None):
    """The per-cell cgroups that exist now of runs by one of `owners` (mpconform
    pids; default: every run this test made): a run by others on the same machine
    has cgroups of its own while it runs."""
    prefixes = tuple("mpconform-%d-" % pid for pid in (RUN_PIDS if owners is None else owners))
    found = set()
    for controller in ("pids", "cpu"):
        base = "/sys/fs/cgroup/" + controller
        try:
            found |= {controller + "/" + e for e in os.listdir(base) if e.startswith(prefixes)}
        except OSError:
            pass
    return found


def cgroup_mounts(owners=None):
    """Mount points of the cgroup hierarchies runs by `owners` (default: this test's)
    mounted for themselves (as root where none was visible) and still mounted."""
    marks = tuple("/mpconform-cgroup-%d/" % pid for pid in (RUN_PIDS if owners is None else owners))
    try:
        with open("/proc/self/mountinfo") as f:
            return {line.split()[4] for line in f if any(m in line.split()[4] + "/" for m in marks)}
    except OSError:
        return set()


def commands_matching(text):
    """Pids of live processes whose command line contains `text`."""
    return [pid for pid, _, f in live_processes("cmdline")
            if pid != os.getpid() and text in f["cmdline"].replace(b"\0", b" ").decode(errors="replace")]


# Makes /dev/shm a tmpfs of the namespace's own, the way the harness gives a cell
# one: the mount it goes on is made private first (all of them, or in a chroot,
# where / is no mount point, /dev/shm's or /dev's); without one, runs as it is.
_OWN_SHM = ('if mount --make-rprivate / 2>/dev/null || mount --make-rprivate /dev/shm 2>/dev/null'
            ' || mount --make-rprivate /dev 2>/dev/null; then'
            ' mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm; fi; exec "$@"')
_CAN_UNSHARE = None


def own_shm_possible():
    """Whether with_own_shm() can give a run its own /dev/shm here (as root)."""
    global _CAN_UNSHARE
    if _CAN_UNSHARE is None:
        try:
            _CAN_UNSHARE = os.geteuid() == 0 and subprocess.run(
                ["unshare", "--mount", "--ipc", "--propagation", "unchanged", "true"],
                capture_output=True).returncode == 0
        except OSError:
            _CAN_UNSHARE = False
    return _CAN_UNSHARE


def with_own_shm(argv):
    """`argv` run in its own mount and IPC namespace with its own /dev/shm, where
    this user may make them (root), else `argv` as it is. For plain-python runs:
    what they leave in /dev/shm (a semaphore no resource tracker knew of, as
    multiprocess's broken spawn on 3.11 leaves) then goes with them."""
    if not own_shm_possible():
        return list(argv)
    return ["unshare", "--mount", "--ipc", "--propagation", "unchanged", "--",
            "/bin/sh", "-c", _OWN_SHM, "sh"] + list(argv)


def session_members(sid):
    """(pid, command line) of the live processes in session `sid`."""
    return [(pid, f["cmdline"]) for pid, stat, f in live_processes("cmdline") if int(stat[3]) == sid]


def stop_session(sid, grace_s=3.0):
    """Kills session `sid` (a process started with start_new_session, and all it
    started) as the harness kills a cell's tree: everything but multiprocessing's
    resource tracker at once, then the tracker, once it has had `grace_s` to unlink
    the semaphores and shared memory the dead left behind (it does so when the last
    holder of its pipe is gone). A SIGKILL to the whole session would leave them in
    the machine's /dev/shm."""
    try:
        os.killpg(sid, signal.SIGSTOP)  # no new processes while they are listed
    except OSError:
        pass
    members = session_members(sid)
    trackers = [pid for pid, cmd in members if b"resource_tracker" in cmd or b"semaphore_tracker" in cmd]
    for pid, _ in members:
        if pid not in trackers:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    for pid in trackers:
        try:
            os.kill(pid, signal.SIGCONT)
        except OSError:
            pass
    give_up = time.monotonic() + grace_s
    while trackers and time.monotonic() < give_up and any(p in trackers for p, _ in session_members(sid)):
        time.sleep(0.05)
    for pid, _ in session_members(sid):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


OBSERVATION = re.compile(r"^\[mpconform\] observe ([^=\n]+)=(.*)$", re.M)


def run_plain(python, case_file, method, hang_after):
    """Runs `case_file` as plain `python case.py`, without the harness: the start
    method set by fixtures/standalone/sitecustomize.py, the caller's PYTHON* and
    MPCONFORM* variables gone, its own /dev/shm where possible. A run still going
    after `hang_after` s counts as hung and is stopped (tracker last). Returns
    {"hung", "rc", "stderr", "observed"}, observed being what it printed with
    observe()."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPCONFORM"))}
    env.update(PYTHONPATH="%s/fixtures:%s/fixtures/standalone" % (SOURCE_DIR, SOURCE_DIR),
               PYTHONHASHSEED="0", MPCONFORM_START_METHOD=method)
    p = subprocess.Popen(with_own_shm([python, case_file]), env=env, cwd="/tmp", stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, err = p.communicate(timeout=hang_after)
        hung = False
    except subprocess.TimeoutExpired:
        stop_session(p.pid)
        _, err = p.communicate()
        hung = True
    return {"hung": hung, "rc": p.returncode, "stderr": err, "observed": dict(OBSERVATION.findall(err))}


class Leaks:
    """What a machine holds before a run, to compare with after it: the run's
    processes, /dev/shm entries (semaphores included), System V IPC objects, cell
    cgroups, and processes running `marker` (for daemons that shed the token)."""

    def __init__(self, marker=None):
        self.marker = marker
        self.shm, self.sysv, self.cgroups = shm_entries(), sysv_ipc_ids(), cell_cgroups()
        self.marked = set(commands_matching(marker)) if marker else set()

    def found(self):
        problems = []
        if processes_of_cells():
            problems.append("processes of the run are alive: %s" % processes_of_cells())
        for name, before, now in (("/dev/shm entries", self.shm, shm_entries()),
                                  ("System V IPC objects", self.sysv, sysv_ipc_ids()),
                                  ("cell cgroups", self.cgroups, cell_cgroups()),
                                  ("cgroup mounts", set(), cgroup_mounts())):
            if now - before:
                problems.append("new %s: %s" % (name, sorted(now - before)))
        if self.marker:
            extra = set(commands_matching(self.marker)) - self.marked
            if extra:
                problems.append("processes running %r are alive: %s" % (self.marker, sorted(extra)))
        return problems
