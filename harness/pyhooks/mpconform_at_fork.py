# The at-fork snapshot: at each fork() of a cell's Python process, what every other
# thread of the forking process was doing at that instant. A child that hangs on a
# lock fork copied in its held state waits for a thread that was not copied; only
# the parent at the fork knows which thread that was and where it stood, and no
# debugger attached later can see it. The harness joins this record to the hung
# child's wait (hang_explanation.h).
#
# The parent takes the snapshot just before the fork (os.register_at_fork, or a
# wrapper around os.fork where Python 3.6 lacks it); the child writes it to the
# channel just after, as one JSON line with its own pid, so the record names the
# fork that made it. Bounded: the first KEEP forks of each process are recorded,
# later ones only counted (written at exit), and stacks and threads are cut short.
# Kept to what Python 3.6 accepts, and to builtin modules: this runs in every
# process of every cell, forks or not.
import os
import sys
import _thread

try:
    from _json import encode_basestring_ascii as _quote
except ImportError:  # an interpreter built without the accelerator
    from json import dumps as _quote

KEEP = 50         # snapshots per process; the rest are counted
MAX_THREADS = 16  # other threads recorded per snapshot
MAX_FRAMES = 24   # innermost frames recorded per stack

_channel = os.environ.get("MPCONFORM_CHANNEL")
_forks = 0        # forks this process made
_pending = None   # the snapshot of the fork in progress, for the child to write


def _stack(frame):
    frames = []
    while frame is not None and len(frames) < MAX_FRAMES:
        code = frame.f_code
        frames.append((code.co_filename, frame.f_lineno, code.co_name))
        frame = frame.f_back
    return frames


def _tasks():
    # Every thread the kernel knows, Python's or not: a native pool's workers (OpenMP,
    # OpenBLAS, torch) show up here and nowhere in threading.
    try:
        return sorted(int(t) for t in os.listdir("/proc/self/task"))
    except (OSError, ValueError):
        return []


def _before_fork():
    global _forks, _pending
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
    # Frame 1 is the caller of os.fork(): the hook is called from C, which adds none.
    _pending = (os.getpid(), _forks, native_id, _stack(sys._getframe(1)), threads, more, _tasks())


def _after_fork_in_child():
    global _forks, _pending
    snapshot, _pending, _forks = _pending, None, 0  # the child's own forks count afresh
    if snapshot is None or not _channel:
        return
    try:
        _write(_event(snapshot))
    except Exception:
        pass  # evidence, never a reason for the child to fail


def _frames_json(frames):
    return "[" + ",".join("[%s,%d,%s]" % (_quote(f), line, _quote(fn)) for f, line, fn in frames) + "]"


def _event(snapshot):
    parent, seq, native_id, forking, threads, more, tasks = snapshot
    parts = []
    for name, ident, tid, daemon, frames in threads:
        parts.append('{"name":%s,"ident":%d,"native_id":%s,"daemon":%s,"stack":%s}' % (
            _quote(name) if name is not None else "null", ident,
            "null" if tid is None else "%d" % tid, "true" if daemon else "false", _frames_json(frames)))
    return ('{"event":"at_fork","pid":%d,"parent_pid":%d,"seq":%d,"forking_native_id":%s,'
            '"forking_stack":%s,"threads":[%s],"threads_not_recorded":%d,"parent_tasks":[%s]}\n') % (
        os.getpid(), parent, seq, "null" if native_id is None else "%d" % native_id,
        _frames_json(forking), ",".join(parts), more, ",".join("%d" % t for t in tasks))


def _write_count():
    _write('{"event":"at_fork_count","pid":%d,"forks":%d,"recorded":%d}\n' % (os.getpid(), _forks, KEEP))


def _write(line):
    # One O_APPEND write per line keeps lines whole when several processes report.
    fd = os.open(_channel, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, line.encode("utf-8", "replace"))
    finally:
        os.close(fd)


def install():
    if not _channel:
        return
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
        return
    real_fork = os.fork

    def fork():  # Python 3.6; multiprocessing looks os.fork up at each start
        _before_fork()
        pid = real_fork()
        if pid == 0:
            _after_fork_in_child()
        return pid

    os.fork = fork
