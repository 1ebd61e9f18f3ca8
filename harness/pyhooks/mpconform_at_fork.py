# The at-fork snapshot: at each fork() of a cell's Python process, what every other
# thread of the forking process was doing at that instant. A child that hangs on a
# lock fork copied in its held state waits for a thread that was not copied; only
# the parent at the fork knows which thread that was and where it stood, and no
# debugger attached later can see it. The harness joins this record to the hung
# child's wait (hang_explanation.h).
#
# The parent takes the snapshot just before the fork (os.register_at_fork, or a
# wrapper around os.fork where Python 3.6 lacks it) and renders it as one JSON
# line, with the channel opened; the child, just after, only writes that line
# with its own pid in it, so the record names the fork that made it. (Python code
# a child runs touches objects all over the heap it shares with its parent, and
# each page touched is copied: formatting the line and opening the file in the
# child cost about 0.2 ms a fork more.) Bounded: the first KEEP forks of each
# process are recorded, later ones only counted (written at exit), and stacks and
# threads are cut short.
# Kept to what Python 3.6 accepts, and to builtin modules: this runs in every
# process of every cell, forks or not.
import os
import sys
import _thread

_quote = None     # a JSON string quoter, loaded at the first fork recorded (_load_quote)

KEEP = 50         # snapshots per process; the rest are counted
MAX_THREADS = 16  # other threads recorded per snapshot
MAX_FRAMES = 24   # innermost frames recorded per stack

_channel = os.environ.get("MPCONFORM_CHANNEL")
_forks = 0        # forks this process made
_pending = None   # the fork in progress: (channel descriptor, the line before and after the child's pid)
_switch = None    # the switch interval to restore after the fork (see _before_fork)


def _stack(frame):
    frames = []
    while frame is not None and len(frames) < MAX_FRAMES:
        code = frame.f_code
        frames.append((code.co_filename, frame.f_lineno, code.co_name))
        frame = frame.f_back
    return frames


def _load_quote():
    # _json is an extension module (a dlopen, about 0.2 ms): loaded in the forking
    # parent at its first recorded fork, so children inherit it and the many
    # processes that never fork never pay for it.
    global _quote
    try:
        from _json import encode_basestring_ascii as _quote
    except ImportError:  # an interpreter built without the accelerator
        from json import dumps as _quote


def _tasks():
    # Every thread the kernel knows, Python's or not: a native pool's workers (OpenMP,
    # OpenBLAS, torch) show up here and nowhere in threading.
    try:
        return sorted(int(t) for t in os.listdir("/proc/self/task"))
    except (OSError, ValueError):
        return []


def _before_fork():
    global _forks, _pending, _switch
    _forks += 1
    _pending = None
    if _forks > KEEP:
        # Counted where a hung tree still shows it: at the 51st, 100th, 200th, 400th...
        # fork, and at exit.
        if _forks == KEEP + 1:
            import atexit

            atexit.register(_write_count)
        if _forks == KEEP + 1 or (_forks % KEEP == 0 and (_forks // KEEP) & (_forks // KEEP - 1) == 0):
            try:
                _write_count()
            except Exception:
                pass
        return
    fd = None
    try:
        # What releases the GIL (opening the channel, listing the tasks, loading the
        # quoter) comes first: while it is released the other threads move on, and a
        # snapshot taken before it would show where they were, not where they are at
        # the fork. (A logging thread seen at its `log.error(...)` line had taken the
        # queue's mutex inside queue.put by the time the fork came.) From the frames
        # to the fork, a long switch interval keeps the eval loop from handing the
        # GIL to a thread that asks for it; restored in both after-fork hooks.
        if _quote is None:
            _load_quote()
        fd = _open_channel()
        tasks = _tasks()
        _switch = sys.getswitchinterval()
        sys.setswitchinterval(1.0)
        head, tail = _event_around_pid(_snapshot(tasks))
        _pending = (fd, head.encode("utf-8", "replace"), tail.encode("utf-8", "replace"))
    except Exception:
        # evidence, never a reason for a fork to fail (or to print)
        if fd is not None and _pending is None:
            os.close(fd)


def _snapshot(tasks):
    me = _thread.get_ident()
    threading = sys.modules.get("threading")  # not imported: no thread but this one
    known = getattr(threading, "_active", {}) if threading else {}
    threads, more = [], 0
    for ident, frame in sys._current_frames().items():
        if ident == me:
            continue
        if len(threads) == MAX_THREADS:
            more += 1
            continue
        t = known.get(ident)
        threads.append((getattr(t, "name", None), ident, getattr(t, "native_id", None),
                        bool(getattr(t, "daemon", False)), _stack(frame)))
    native_id = getattr(known.get(me), "native_id", None)
    # Frame 0 is this function, 1 _before_fork (called from C, which adds no
    # frame), 2 the caller of os.fork().
    return (os.getpid(), _forks, native_id, _stack(sys._getframe(2)), threads, more, tasks)


def _restore_switch():
    global _switch
    if _switch is not None:
        sys.setswitchinterval(_switch)
        _switch = None


def _after_fork_in_parent():
    global _pending
    _restore_switch()
    pending, _pending = _pending, None
    if pending is not None:
        os.close(pending[0])


def _after_fork_in_child():
    global _forks, _pending
    _restore_switch()
    pending, _pending, _forks = _pending, None, 0  # the child's own forks count afresh
    if pending is None:
        return
    fd, head, tail = pending
    try:
        os.write(fd, head + str(os.getpid()).encode() + tail)
    except Exception:
        pass  # evidence, never a reason for the child to fail
    finally:
        os.close(fd)


def _frames_json(frames):
    return "[" + ",".join("[%s,%d,%s]" % (_quote(f), line, _quote(fn)) for f, line, fn in frames) + "]"


def _event_around_pid(snapshot):
    """The at_fork line, cut where the child's pid goes."""
    parent, seq, native_id, forking, threads, more, tasks = snapshot
    parts = []
    for name, ident, tid, daemon, frames in threads:
        parts.append('{"name":%s,"ident":%d,"native_id":%s,"daemon":%s,"stack":%s}' % (
            _quote(name) if name is not None else "null", ident,
            "null" if tid is None else "%d" % tid, "true" if daemon else "false", _frames_json(frames)))
    tail = (',"parent_pid":%d,"seq":%d,"forking_native_id":%s,'
            '"forking_stack":%s,"threads":[%s],"threads_not_recorded":%d,"parent_tasks":[%s]}\n') % (
        parent, seq, "null" if native_id is None else "%d" % native_id,
        _frames_json(forking), ",".join(parts), more, ",".join("%d" % t for t in tasks))
    return '{"event":"at_fork","pid":', tail


def _write_count():
    _write('{"event":"at_fork_count","pid":%d,"forks":%d,"recorded":%d}\n' % (os.getpid(), _forks, KEEP))


def _open_channel():
    # One O_APPEND write per line keeps lines whole when several processes report.
    return os.open(_channel, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)


def _write(line):
    fd = _open_channel()
    try:
        os.write(fd, line.encode("utf-8", "replace"))
    finally:
        os.close(fd)


def install():
    if not _channel:
        return
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent,
                            after_in_child=_after_fork_in_child)
        return
    real_fork = os.fork

    def fork():  # Python 3.6; multiprocessing looks os.fork up at each start
        _before_fork()
        try:
            pid = real_fork()
        except BaseException:
            _after_fork_in_parent()
            raise
        if pid == 0:
            _after_fork_in_child()
        else:
            _after_fork_in_parent()
        return pid

    os.fork = fork
