# The OS lens (`--os macos|windows`): inside every Python process of a lens cell,
# the standard library behaves as it does on that platform for what each rule
# covers, raising what CPython's own platform branch raises there. Turned on by
# MPCONFORM_OS (set by the supervisor, harness/core/cell_env.cc) through
# sitecustomize.py; spawned children inherit the variable and install it again.
#
# One rule a function, one table (RULES): its name, platform, since/until which
# Python it applies, the sentence a break names, the CPython source it follows,
# the remedy. When a rule fires it writes an `os_rule` event to the cell's channel
# so `check` can name the rule behind a break. What no rule here can emulate is
# listed in the README ("what the lens does not know").
import os
import sys

_OS = None              # "macos" or "windows" once installed
_fired = set()          # (rule, pid): each rule reported once per process
_STDLIB = os.path.dirname(os.__file__)
_HERE = os.path.dirname(os.path.abspath(__file__))

# Windows: WaitForMultipleObjects takes at most 64 handles (Modules/_winapi.c keeps
# one free), so the executor reserves two for its own pipes (_MAX_WINDOWS_WORKERS).
WINDOWS_MAX_WORKERS = 61
WINDOWS_MAX_WAIT_HANDLES = 63
# macOS: PSHMNAMLEN is 31 with the leading "/"; sun_path is 104 bytes.
MACOS_SHM_NAME_MAX = 30
MACOS_SUN_PATH = 104
MACOS_ENAMETOOLONG = 63


def _emit(rule, detail=None):
    key = (rule["name"], os.getpid())
    if key in _fired:
        return
    _fired.add(key)
    channel = os.environ.get("MPCONFORM_CHANNEL")
    if not channel:
        return
    import json

    event = {"event": "os_rule", "pid": os.getpid(), "os": _OS, "rule": rule["name"],
             "sentence": rule["sentence"], "source": rule["source"], "remedy": rule["remedy"],
             "where": _user_frame(), "detail": detail}
    data = (json.dumps(event, default=repr) + "\n").encode("utf-8", "replace")
    try:
        fd = os.open(channel, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    except OSError:
        pass  # evidence only


def _is_library(filename):
    # The runner's own boot code and check hooks are compiled as mpconform-*.py.
    return (filename.startswith(_STDLIB) or filename.startswith(_HERE) or filename.startswith("<")
            or os.path.basename(filename).startswith("mpconform"))


def _user_frame():
    # The first frame outside the standard library and the harness: the user's call.
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not _is_library(filename):
            return {"file": filename, "line": frame.f_lineno}
        frame = frame.f_back
    return None


def _rule(name):
    for r in RULES:
        if r["name"] == name:
            return r
    raise KeyError(name)


# --- windows ----------------------------------------------------------------------

def windows_start_methods():
    """get_all_start_methods() is ['spawn'], the default is spawn, and asking for
    fork or forkserver raises CPython's own ValueError."""
    from multiprocessing import context

    rule = _rule("windows-spawn-only")
    original = context.BaseContext.get_context

    def get_context(self, method=None):
        if method in ("fork", "forkserver"):
            _emit(rule, method)
            raise ValueError("cannot find context for %r" % method)
        return original(self, method)

    def get_all_start_methods(self):
        return ["spawn"]

    context.BaseContext.get_context = get_context
    context.DefaultContext.get_all_start_methods = get_all_start_methods
    default = context._default_context
    if default._actual_context is None:
        default._default_context = context._concrete_contexts["spawn"]
    # multiprocessing/__init__.py bound the default context's methods at import.
    import multiprocessing

    multiprocessing.get_all_start_methods = default.get_all_start_methods
    multiprocessing.get_context = default.get_context


def windows_no_fork():
    """os.fork and os.register_at_fork do not exist (AttributeError); what already
    imported them keeps its reference, as the harness's own at-fork hook does."""
    rule = _rule("windows-no-fork")
    saved = {}
    for name in ("fork", "register_at_fork"):
        if hasattr(os, name):
            saved[name] = getattr(os, name)
            delattr(os, name)
    previous = getattr(os, "__getattr__", None)

    def __getattr__(name):
        # Module __getattr__ (PEP 562) runs only for names that are missing, so the
        # stdlib's own hasattr(os, "fork") checks pass through here; only a user's
        # own use of the name is reported.
        if name in saved and not _is_library(sys._getframe(1).f_code.co_filename):
            _emit(rule, name)
        if previous is not None:
            return previous(name)
        raise AttributeError("module 'os' has no attribute %r" % name)

    os.__getattr__ = __getattr__


def windows_executor_workers():
    """ProcessPoolExecutor(max_workers > 61) raises ValueError and its default is
    capped at 61: CPython's own win32 branch, run with sys.platform seen as win32
    by concurrent.futures.process only."""
    import concurrent.futures.process as process

    if not hasattr(process, "_MAX_WINDOWS_WORKERS"):
        return  # that Python had no cap
    rule = _rule("windows-executor-workers")
    original = process.ProcessPoolExecutor.__init__

    def __init__(self, max_workers=None, *args, **kwargs):
        if max_workers is not None and max_workers > process._MAX_WINDOWS_WORKERS:
            _emit(rule, max_workers)
            raise ValueError("max_workers must be <= %d" % process._MAX_WINDOWS_WORKERS)
        original(self, max_workers, *args, **kwargs)
        if max_workers is None and self._max_workers > process._MAX_WINDOWS_WORKERS:
            _emit(rule, self._max_workers)
            self._max_workers = process._MAX_WINDOWS_WORKERS

    process.ProcessPoolExecutor.__init__ = __init__


def windows_wait_handles():
    """Before 3.13, multiprocessing.connection.wait() passed every handle to one
    WaitForMultipleObjects call, which takes at most 63: a Pool's worker handler
    waits on its workers and two pipes, so above 60 processes it dies, and the
    pool hangs when shut down."""
    from multiprocessing import connection

    rule = _rule("windows-wait-handles")
    original = connection.wait

    def wait(object_list, timeout=None):
        n = len(object_list)
        if n >= WINDOWS_MAX_WAIT_HANDLES:
            _emit(rule, n)
            raise ValueError("need at most %d handles, got a sequence of length %d"
                             % (WINDOWS_MAX_WAIT_HANDLES, n))
        return original(object_list, timeout)

    # Installed when multiprocessing.connection is imported, before multiprocessing.pool
    # binds `wait` by name, so the pool's worker handler calls this one.
    connection.wait = wait
    pool = sys.modules.get("multiprocessing.pool")
    if pool is not None:
        pool.wait = wait


# --- macos ------------------------------------------------------------------------

def macos_default_spawn():
    """The default start method is spawn (fork and forkserver stay available), and
    get_all_start_methods() lists spawn first, as the darwin branch does."""
    from multiprocessing import context

    def get_all_start_methods(self):
        methods = ["spawn", "fork"]
        from multiprocessing import reduction

        if reduction.HAVE_SEND_HANDLE:
            methods.append("forkserver")
        return methods

    context.DefaultContext.get_all_start_methods = get_all_start_methods
    default = context._default_context
    if default._actual_context is None:
        default._default_context = context._concrete_contexts["spawn"]
    import multiprocessing

    multiprocessing.get_all_start_methods = default.get_all_start_methods


def _raises_without_sem_getvalue(cls, method_name, rule_name):
    """cls.method_name() raises NotImplementedError, as it does on macOS: it reads a
    semaphore's value, and macOS has no sem_getvalue (SemLock._get_value raises)."""
    rule = _rule(rule_name)

    def method(self):
        _emit(rule)
        raise NotImplementedError()

    method.__name__ = method_name
    setattr(cls, method_name, method)


def macos_queue_qsize():
    """Queue.qsize() raises NotImplementedError (no sem_getvalue)."""
    from multiprocessing import queues

    _raises_without_sem_getvalue(queues.Queue, "qsize", "macos-queue-qsize")


def macos_semaphore_value():
    """Semaphore.get_value() raises NotImplementedError (no sem_getvalue)."""
    from multiprocessing import synchronize

    _raises_without_sem_getvalue(synchronize.Semaphore, "get_value", "macos-semaphore-value")


def macos_shm_name():
    """shm_open() of a name longer than 30 characters (31 with its "/") fails with
    ENAMETOOLONG, errno 63 on macOS, where Linux allows 255."""
    try:
        import _posixshmem
    except ImportError:
        return
    rule = _rule("macos-shm-name")
    original = _posixshmem.shm_open

    def shm_open(path, flags, mode=0o777):
        if len(path) > MACOS_SHM_NAME_MAX + 1:
            _emit(rule, path)
            raise OSError(MACOS_ENAMETOOLONG, "File name too long", path)
        return original(path, flags, mode)

    _posixshmem.shm_open = shm_open


def macos_unix_path():
    """AF_UNIX addresses longer than 104 bytes (sun_path) raise OSError("AF_UNIX
    path too long"); with macOS's long temporary folder (TMPDIR, set by the
    harness) a Manager's or the fork server's socket can pass it."""
    import socket

    rule = _rule("macos-unix-path")

    def checked(method_name):
        original = getattr(socket.socket, method_name)

        def method(self, address, *args):
            if self.family == getattr(socket, "AF_UNIX", None) and isinstance(address, (str, bytes)):
                raw = os.fsencode(address)
                if len(raw) > MACOS_SUN_PATH and not raw.startswith(b"\0"):
                    _emit(rule, address)
                    raise OSError("AF_UNIX path too long")
            return original(self, address, *args)

        method.__name__ = method_name
        return method

    for name in ("bind", "connect", "connect_ex"):
        setattr(socket.socket, name, checked(name))


# name, os, applies to Python versions [since, until), the sentence a break names,
# the CPython source, the remedy, the module whose import installs it (so a
# process pays only for the rules of what it imports), the function that does.
RULES = [
    {"name": "windows-spawn-only", "os": "windows", "since": None, "until": None,
     "sentence": "Windows has only the spawn start method: get_context(\"fork\") and "
                 "set_start_method(\"fork\"/\"forkserver\") raise ValueError there",
     "source": "Lib/multiprocessing/context.py (get_all_start_methods, the win32 branch; "
               "BaseContext.get_context)",
     "remedy": "use the spawn start method, or multiprocessing.get_context() without a method",
     "after_import": "multiprocessing", "install": windows_start_methods},
    {"name": "windows-no-fork", "os": "windows", "since": None, "until": None,
     "sentence": "os.fork and os.register_at_fork do not exist on Windows (AttributeError)",
     "source": "Modules/posixmodule.c (os.fork is defined only where HAVE_FORK)",
     "remedy": "start processes with multiprocessing (spawn); guard fork-only code with hasattr(os, \"fork\")",
     "after_import": "os", "install": windows_no_fork},
    {"name": "windows-executor-workers", "os": "windows", "since": (3, 7), "until": None,
     "sentence": "ProcessPoolExecutor takes at most 61 workers on Windows: max_workers above it raises "
                 "ValueError, and the default is capped there",
     "source": "Lib/concurrent/futures/process.py (_MAX_WINDOWS_WORKERS, ProcessPoolExecutor.__init__)",
     "remedy": "cap max_workers at 61 on Windows: min(n, 61)",
     "after_import": "concurrent.futures.process", "install": windows_executor_workers},
    {"name": "windows-wait-handles", "os": "windows", "since": None, "until": (3, 13),
     "sentence": "multiprocessing.connection.wait() takes at most 63 handles on Windows before 3.13, "
                 "so a Pool of more than 60 processes fails in its worker-handler thread and hangs at shutdown",
     "source": "Modules/_winapi.c (WaitForMultipleObjects); Lib/multiprocessing/connection.py "
               "(_exhaustive_wait, batched from 3.13: gh-89240)",
     "remedy": "cap Pool(processes=...) at 60 on Windows, or use Python 3.13 or later",
     "after_import": "multiprocessing.connection", "install": windows_wait_handles},
    {"name": "macos-default-spawn", "os": "macos", "since": (3, 8), "until": None,
     "sentence": "the default start method is spawn on macOS from Python 3.8",
     "source": "Lib/multiprocessing/context.py (the darwin branch choosing _default_context; bpo-33725)",
     "remedy": "make the program work under spawn (a main guard, picklable targets), or ask for fork explicitly",
     "after_import": "multiprocessing", "install": macos_default_spawn},
    {"name": "macos-queue-qsize", "os": "macos", "since": None, "until": None,
     "sentence": "Queue.qsize() raises NotImplementedError on macOS: sem_getvalue is not implemented there",
     "source": "Lib/multiprocessing/queues.py (Queue.qsize); Modules/_multiprocessing/semaphore.c "
               "(_get_value, HAVE_BROKEN_SEM_GETVALUE)",
     "remedy": "count items yourself (a Value beside the queue), or use a Manager().Queue()",
     "after_import": "multiprocessing.queues", "install": macos_queue_qsize},
    {"name": "macos-semaphore-value", "os": "macos", "since": None, "until": None,
     "sentence": "Semaphore.get_value() raises NotImplementedError on macOS: sem_getvalue is not implemented there",
     "source": "Lib/multiprocessing/synchronize.py (Semaphore.get_value); Modules/_multiprocessing/semaphore.c "
               "(_get_value, HAVE_BROKEN_SEM_GETVALUE)",
     "remedy": "keep the count yourself in a multiprocessing.Value",
     "after_import": "multiprocessing.synchronize", "install": macos_semaphore_value},
    {"name": "macos-shm-name", "os": "macos", "since": (3, 8), "until": None,
     "sentence": "shared memory names longer than 30 characters fail on macOS with OSError "
                 "[Errno 63] File name too long (PSHMNAMLEN is 31 with the leading /)",
     "source": "Lib/multiprocessing/shared_memory.py (SharedMemory.__init__, _SHM_SAFE_NAME_LENGTH); "
               "Modules/_multiprocessing/posixshmem.c (shm_open)",
     "remedy": "keep SharedMemory names to 30 characters, or let SharedMemory pick one (name=None)",
     "after_import": "_posixshmem", "install": macos_shm_name},
    {"name": "macos-unix-path", "os": "macos", "since": None, "until": None,
     "sentence": "AF_UNIX socket paths are limited to 104 bytes on macOS (OSError: AF_UNIX path too long), "
                 "and its temporary folder /var/folders/xx/.../T/ is long",
     "source": "Modules/socketmodule.c (getsockaddrarg, sizeof sun_path); Lib/multiprocessing/connection.py "
               "(arbitrary_address); gh-132124",
     "remedy": "keep TMPDIR short for the program (tempfile.tempdir = \"/tmp\"), or give the Manager an address",
     "after_import": "socket", "install": macos_unix_path},
]


def applies(rule, os_name, version=None):
    version = tuple(version or sys.version_info[:2])
    return (rule["os"] == os_name and (rule["since"] is None or version >= rule["since"])
            and (rule["until"] is None or version < rule["until"]))


def rules_for(os_name, version=None):
    return [r for r in RULES if applies(r, os_name, version)]


def describe():
    """What the runner puts in a cell's start facts (results.json `os`)."""
    return {"name": _OS, "emulated": True, "rules": [r["name"] for r in rules_for(_OS)]}


class _AfterImport(object):
    """A meta path finder that runs a rule's installer right after the module it
    patches has been executed: a process that never imports that module never
    pays for the rule (bench/cell_overhead.py --lens)."""

    def __init__(self, pending):
        self.pending = pending  # module name -> [installer, ...]

    def find_spec(self, name, path=None, target=None):
        if name not in self.pending:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _ThenInstall(spec.loader, self.pending.pop(name))
                return spec
        return None


class _ThenInstall(object):
    def __init__(self, loader, installers):
        self.loader, self.installers = loader, installers

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        module.__spec__.loader = self.loader
        for installer in self.installers:
            _run(installer)

    def __getattr__(self, name):  # get_source, is_package... as the real loader has them
        return getattr(self.loader, name)


def _run(rule):
    try:
        rule["install"]()
    except Exception as e:  # a rule that cannot install says so, never stops the process
        sys.stderr.write("mpconform: os lens rule %s not installed: %r\n" % (rule["name"], e))


def install(os_name):
    global _OS
    if os_name not in ("macos", "windows") or _OS is not None:
        return
    _OS = os_name
    pending = {}
    for rule in rules_for(os_name):
        if rule["after_import"] in sys.modules:
            _run(rule)
        else:
            pending.setdefault(rule["after_import"], []).append(rule)
    if pending:
        sys.meta_path.insert(0, _AfterImport(pending))


# --- what check warns of once ------------------------------------------------------

def source_warnings(path):
    """A program that tests sys.platform itself takes paths no lens runs; one that
    asks for fork explicitly risks the objc crash on macOS. Read with ast."""
    import ast

    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), path)
    except (OSError, SyntaxError, ValueError):
        return []
    found = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr == "platform" and isinstance(node.value, ast.Name)
                and node.value.id == "sys"):
            found.setdefault("tests-platform", node.lineno)
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            arg = node.args[0]
            value = getattr(arg, "value", getattr(arg, "s", None))
            if name in ("get_context", "set_start_method") and value == "fork":
                found.setdefault("asks-for-fork", node.lineno)
    said = {
        "tests-platform": "the program tests sys.platform itself: its own macOS or Windows branches do not "
                          "run under an emulated lens",
        "asks-for-fork": "the program asks for the fork start method: on macOS fork can crash a process that "
                         "loaded system frameworks (objc), which no lens emulates",
    }
    return [{"kind": k, "file": path, "line": line, "warning": said[k]} for k, line in sorted(found.items())]


def report_source_warnings(path):
    channel = os.environ.get("MPCONFORM_CHANNEL")
    warnings = source_warnings(path)
    if not channel or not warnings:
        return
    import json

    data = (json.dumps({"event": "os_lens_warnings", "pid": os.getpid(), "warnings": warnings}) + "\n").encode()
    fd = os.open(channel, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
