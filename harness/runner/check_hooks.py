# Hooks for `mpconform check` cells, installed by boot() in the program's main
# process (forked children inherit them): they gather, from inside the process,
# what the harness cannot read from the outside:
#   - which object could not be pickled, where it is defined and which call sent
#     it (a `pickling_failure` event; from a helper thread, the call is the one
#     the main thread waits in), caught where multiprocessing pickles:
#     ForkingPickler.dump, which reduction.dump (spawn's and forkserver's Process
#     object) and ForkingPickler.dumps (Connection.send, Queue's feeder thread,
#     Pool's task handler) all go through;
#   - where the program chooses its start method itself (a `method_choice` event),
#     and letting that choice win over the one the harness made first;
#   - for the main process's unhandled exception, the innermost call the program
#     made into the library (a `failed_call` event): a Pool task is pickled in a
#     helper thread with no frame of the program on its stack, so the call that
#     sent it (Pool.map at file:line) is only found in the traceback the main
#     thread raises.
# Under pytest every event also names the test that was running (`test`, its
# node id, and `test_phase`), so a suite's per-test outcome finds its evidence;
# and a small pytest plugin (PYTEST_PLUGIN, which the harness names with `-p`)
# streams the suite's progress: `tests_collected`, then `test_started` and
# `test_finished` for each test as it runs, so a cell cut at its deadline or hung
# still tells what passed, what failed and which test was running, and the
# supervisor sees the suite progressing.
# Compiled into the same code object as boot.py (compile_boot.py), so it shares its
# namespace (_emit). Kept to what Python 3.6 accepts.

MAX_PICKLING_EVENTS = 5  # per process: a feeder thread may fail once per item
MAX_CULPRIT_STEPS = 200  # trial pickles spent looking for the culprit


def _library_roots():
    # Code that is not the program's: the standard library (site-packages inside
    # it included) and installed packages.
    import os

    return (os.path.dirname(os.__file__) + os.sep,)


def _is_own_frame(filename):
    # This file, and the hooks that wrap Process.start (pyhooks/mpconform_check.py).
    return filename == "mpconform-boot.py" or filename.endswith("/mpconform_check.py")


def _is_program_code(filename, roots):
    if filename.startswith("<") or _is_own_frame(filename):
        return False  # <frozen importlib._bootstrap>, <string>, the hooks
    if filename.startswith(roots):
        return False
    return "site-packages" not in filename and "dist-packages" not in filename


def _called_name(frame):
    # "Process.start", "Pool.map": the method as users know it, named after the
    # first multiprocessing class of `self` (a user's Process subclass is a Process;
    # multiprocessing's BaseProcess is what they call Process).
    code = frame.f_code
    try:
        owner = frame.f_locals.get("self")
    except Exception:
        owner = None
    if owner is not None:
        for cls in type(owner).__mro__:
            if cls.__module__.startswith("multiprocessing"):
                name = cls.__name__
                return ("Process" if name == "BaseProcess" else name) + "." + code.co_name
    return code.co_name


def _call_site(frames, callee_in=None):
    """{call, file, line} for the innermost frame of the program that called into
    library code (into a file whose path has `callee_in`, if given), from (frame,
    line) pairs, outermost first; None without one."""
    roots = _library_roots()
    for i in range(len(frames) - 2, -1, -1):
        frame, line = frames[i]
        callee = frames[i + 1][0]
        if callee_in and callee_in not in callee.f_code.co_filename:
            continue
        if _is_program_code(frame.f_code.co_filename, roots) and \
                not _is_program_code(callee.f_code.co_filename, roots):
            return {"call": _called_name(callee), "file": frame.f_code.co_filename, "line": line}
    return None


def _current_stack(frame=None):
    """(frame, line) pairs, outermost first, from `frame` (the caller's by default)."""
    import sys

    frames = []
    if frame is None:
        frame = sys._getframe(1)
    while frame is not None:
        frames.append((frame, frame.f_lineno))
        frame = frame.f_back
    frames.reverse()
    return frames


def _main_thread_call_site():
    """The main thread's innermost call into the library, sampled now: when a
    helper thread pickles (a Pool's task handler), the program's main thread is
    usually still waiting in the call that handed the task over (Pool.map). Where
    no unhandled exception follows (pytest catches it), this is the only record
    of that call. Only a call into multiprocessing counts: a main thread that has
    moved on to other work says nothing about who sent the task."""
    import sys
    import threading

    frame = sys._current_frames().get(threading.main_thread().ident)
    if frame is None:
        return None
    return _call_site(_current_stack(frame), callee_in="multiprocessing")


def _traceback_frames(tb):
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _class_line(cls):
    line = getattr(cls, "__firstlineno__", None)  # 3.13+
    if line:
        return line
    try:
        import inspect

        return inspect.getsourcelines(cls)[1]
    except Exception:
        return 0


def _class_file(cls):
    import sys

    module = sys.modules.get(cls.__module__)
    return getattr(module, "__file__", None) or ""


def _lock_types():
    import threading

    types = [type(threading.Lock()), type(threading.RLock())]
    try:
        from multiprocessing.synchronize import SemLock

        types.append(SemLock)
    except ImportError:  # no sem_open on this platform
        pass
    return tuple(types)


def describe_culprit(obj):
    """{name, kind, file, line}: the object as Python names it, what kind of thing
    it is (the remedy depends on it), and where it is defined."""
    import io
    import socket
    import types

    if isinstance(obj, types.FunctionType):
        code = obj.__code__
        if obj.__name__ == "<lambda>":
            kind = "lambda"
        elif "<locals>" in obj.__qualname__:
            kind = "local function"
        else:
            kind = "function"
        return {"name": obj.__qualname__, "kind": kind, "file": code.co_filename, "line": code.co_firstlineno}
    if isinstance(obj, types.MethodType):
        return describe_culprit(obj.__func__)
    if isinstance(obj, type):
        kind = "nested class" if "<locals>" in obj.__qualname__ else "class"
        return {"name": obj.__qualname__, "kind": kind, "file": _class_file(obj), "line": _class_line(obj)}
    if isinstance(obj, types.GeneratorType):
        code = obj.gi_code
        return {"name": obj.__qualname__, "kind": "generator", "file": code.co_filename,
                "line": code.co_firstlineno}
    cls = type(obj)
    described = {"name": cls.__qualname__, "file": "", "line": 0}
    if isinstance(obj, io.IOBase):
        described.update(kind="open file", name=repr(getattr(obj, "name", cls.__qualname__)))
    elif isinstance(obj, socket.socket):
        described["kind"] = "socket"
    elif isinstance(obj, _lock_types()):
        described["kind"] = "lock"
    elif "<locals>" in cls.__qualname__:
        described.update(kind="instance of a nested class", file=_class_file(cls), line=_class_line(cls))
    else:
        described["kind"] = "object of type " + cls.__module__ + "." + cls.__qualname__
    return described


def _parts(obj):
    """(label, part) for what pickling `obj` pickles in turn, the likeliest
    culprits first: a Process's target and arguments, a task's function and
    arguments, a container's items, an instance's attributes."""
    import functools
    import types

    if isinstance(obj, (tuple, list)):
        return [("[%d]" % i, x) for i, x in enumerate(obj)]
    if isinstance(obj, (set, frozenset)):
        return [("{}", x) for x in obj]
    if isinstance(obj, dict):
        return [("[%r]" % (k,), v) for k, v in obj.items()] + [("key", k) for k in obj]
    if isinstance(obj, functools.partial):
        return [(".func", obj.func), (".args", obj.args), (".keywords", obj.keywords)]
    if isinstance(obj, types.MethodType):
        return [(".__self__", obj.__self__), (".__func__", obj.__func__)]
    if isinstance(obj, (type, types.FunctionType, types.ModuleType)):
        return []  # pickled by reference: the object itself is the culprit
    state = getattr(obj, "__dict__", None)
    if not isinstance(state, dict):
        return []
    first = ("_target", "_args", "_kwargs")
    ordered = [k for k in first if k in state] + [k for k in state if k not in first]
    return [("." + k, state[k]) for k in ordered]


def find_culprit(obj, pickles):
    """(culprit, path from obj): the innermost part of `obj` that `pickles` refuses
    while all of that part's own parts pickle."""
    budget = [MAX_CULPRIT_STEPS]
    path = ""
    while True:
        for label, part in _parts(obj):
            if budget[0] <= 0:
                return obj, path
            budget[0] -= 1
            if not pickles(part):
                obj, path = part, path + label
                break
        else:
            return obj, path


def _install_pickling_hook(emit):
    import io
    import os
    import threading
    from multiprocessing import reduction

    pickler = reduction.ForkingPickler
    original_dump = pickler.dump  # pickle.Pickler's (C) dump
    local = threading.local()
    emitted = [0]

    def pickles(obj):
        try:
            original_dump(pickler(io.BytesIO(), 4), obj)
            return True
        except Exception:
            return False

    def dump(self, obj):
        try:
            return original_dump(self, obj)
        except Exception as error:
            if not getattr(local, "busy", False) and emitted[0] < MAX_PICKLING_EVENTS:
                local.busy = True
                try:
                    emitted[0] += 1
                    culprit, path = find_culprit(obj, pickles)
                    described = describe_culprit(culprit)
                    described["path"] = type(obj).__name__ + path
                    sent_by = _call_site(_current_stack())
                    if sent_by is None and threading.current_thread() is not threading.main_thread():
                        sent_by = _main_thread_call_site()
                    emit({"event": "pickling_failure", "pid": os.getpid(),
                          "thread": threading.current_thread().name,
                          "error": {"type": type(error).__name__, "message": str(error)},
                          "culprit": described, "sent_by": sent_by})
                except Exception:
                    pass  # the diagnosis is evidence; the program's own error must stand
                finally:
                    local.busy = False
            # This frame is not the program's nor the library's: out of the
            # traceback (3.11+ re-raise with it; before, the excepthook drops it).
            if error.__traceback__ is not None:
                error.__traceback__ = error.__traceback__.tb_next
            raise

    pickler.dump = dump


def _install_method_choice_hooks(emit, harness_chose):
    import multiprocessing
    import os

    original_set = multiprocessing.set_start_method
    original_get = multiprocessing.get_context
    roots = _library_roots()
    program_chose = [False]
    seen = set()

    def record(call, method):
        frame = _current_stack()[-3][0]  # the caller of the wrapper below
        where = (frame.f_code.co_filename, frame.f_lineno)
        if _is_program_code(where[0], roots) and where not in seen:
            seen.add(where)
            emit({"event": "method_choice", "pid": os.getpid(), "call": call, "method": method,
                  "file": where[0], "line": where[1]})

    def set_start_method(method, force=False):
        record("set_start_method", method)
        # The harness's own call came first; the program's first call must succeed
        # as it would have without it. A second call behaves as in plain Python.
        if harness_chose and not program_chose[0]:
            force = True
        program_chose[0] = True
        return original_set(method, force=force)

    def get_context(method=None):
        if method is not None:
            record("get_context", method)
        return original_get(method)

    multiprocessing.set_start_method = set_start_method
    multiprocessing.get_context = get_context


def _without_own_frames(tb):
    # Before 3.11 a re-raise keeps the wrapper's frame (dump, above); tb_next is
    # writable from 3.7, so the traceback printed and reported is the one plain
    # Python would show. On 3.6 the frame stays.
    kept = []
    while tb is not None:
        if not _is_own_frame(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    try:
        for outer, inner in zip(kept, kept[1:] + [None]):
            outer.tb_next = inner
    except (AttributeError, TypeError):
        return None
    return kept[0] if kept else None


def _install_failed_call_hook(emit):
    import os
    import sys

    main_pid = os.getpid()
    previous_hook = sys.excepthook

    def report_call_then_print(etype, value, tb):
        if os.getpid() == main_pid:
            try:
                site = _call_site(_traceback_frames(tb))
                if site:
                    emit(dict(site, event="failed_call", pid=main_pid))
            except Exception:
                pass
            stripped = _without_own_frames(tb)
            if stripped is not None:
                tb = stripped
                value.__traceback__ = tb
        previous_hook(etype, value, tb)

    sys.excepthook = report_call_then_print


def _naming_current_test(emit):
    # pytest keeps PYTEST_CURRENT_TEST ("path::name (call)") in os.environ while
    # each test runs; a forked child inherits it with the hooks. Spawned and
    # forkserver children run no hooks, so a fork server started by an earlier
    # test cannot lend them its stale name.
    import os

    def emit_with_test(event):
        current = os.environ.get("PYTEST_CURRENT_TEST")
        if current:
            nodeid, _, phase = current.rpartition(" (")
            event["test"] = nodeid or current
            event["test_phase"] = phase.rstrip(")") if nodeid else ""
        emit(event)

    return emit_with_test


PYTEST_PLUGIN = "mpconform_check_plugin"  # -p NAME in cell_run.cc's pytest_suite_args
# When pytest reports one test more than once (a failed call, then a failed
# teardown), the outcome junit keeps (junit_report.h's precedence).
_OUTCOME_RANK = {"failed": 0, "error": 1, "skipped": 2, "passed": 3}
MAX_TEST_MESSAGE = 500


def _phase_outcome(report):
    # In junit's words: a failed setup or teardown is an error; a skip or an xfail
    # in any phase is skipped.
    if report.outcome == "failed":
        return "failed" if report.when == "call" else "error"
    if report.outcome == "skipped":
        return "skipped"
    return "passed"


def _report_message(report):
    if report.outcome == "passed":
        return ""
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])  # a skip's (file, line, "Skipped: reason")
        return (reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason)[:MAX_TEST_MESSAGE]
    crash = getattr(longrepr, "reprcrash", None)
    message = getattr(crash, "message", None) if crash is not None else None
    if not message:
        message = str(longrepr or "").strip().split("\n")[-1]
    return message[:MAX_TEST_MESSAGE]


def _pytest_plugin(emit):
    """A module object pytest loads as a plugin (`-p mpconform_check_plugin`, from
    sys.modules): it streams the suite's progress on the channel. Only the process
    that runs pytest reports; a forked child that carries on is not the suite."""
    import os
    import sys
    import time
    import types

    # The docstring's marker spares it pytest's "already imported so cannot be
    # rewritten" warning (there are no asserts in it to rewrite).
    plugin = types.ModuleType(PYTEST_PLUGIN, "mpconform's suite progress. PYTEST_DONT_REWRITE")
    main_pid = os.getpid()
    merged = {}  # nodeid -> [outcome, message] over its phases so far
    started = {}  # nodeid -> monotonic start

    def ours():
        return os.getpid() == main_pid

    def pytest_collection_finish(session):
        if ours():
            emit({"event": "tests_collected", "pid": main_pid, "count": len(session.items)})

    def pytest_runtest_logstart(nodeid, location):
        if ours():
            started[nodeid] = time.monotonic()
            emit({"event": "test_started", "pid": main_pid, "test": nodeid})

    def pytest_runtest_logreport(report):
        if not ours():
            return
        outcome = _phase_outcome(report)
        so_far = merged.setdefault(report.nodeid, ["passed", ""])
        if _OUTCOME_RANK[outcome] < _OUTCOME_RANK[so_far[0]]:
            so_far[0], so_far[1] = outcome, _report_message(report)
        elif outcome == "skipped" and not so_far[1]:
            so_far[1] = _report_message(report)
        if report.when != "teardown":
            return
        del merged[report.nodeid]
        began = started.pop(report.nodeid, None)
        emit({"event": "test_finished", "pid": main_pid, "test": report.nodeid, "outcome": so_far[0],
              "message": so_far[1], "duration_s": round(time.monotonic() - began, 3) if began else None})

    plugin.pytest_collection_finish = pytest_collection_finish
    plugin.pytest_runtest_logstart = pytest_runtest_logstart
    plugin.pytest_runtest_logreport = pytest_runtest_logreport
    sys.modules[PYTEST_PLUGIN] = plugin


def install_check_hooks(emit, harness_chose):
    _pytest_plugin(emit)  # progress events carry no running test: not wrapped
    emit = _naming_current_test(emit)
    _install_method_choice_hooks(emit, harness_chose)
    _install_pickling_hook(emit)
    _install_failed_call_hook(emit)
