# Imported at start-up by every Python process of a cell (the harness puts this
# folder first on PYTHONPATH): lets the supervisor ask for the Python stack of any
# thread of a hung process without stopping it. faulthandler writes it to stderr
# from inside the signal handler, so it works even when every thread is blocked. The signal is a real-time one no case is likely to use; forked children
# inherit the handler, spawned ones import this module again.
import faulthandler
import sys

# _signal, not signal: signal.py's enums pull in enum, functools and collections
# (~17M instructions) into every process before its own code runs.
import _signal

STACK_DUMP_SIGNAL = _signal.SIGRTMIN + 6 if hasattr(_signal, "SIGRTMIN") else None

if STACK_DUMP_SIGNAL is not None and sys.stderr is not None:
    try:
        faulthandler.register(STACK_DUMP_SIGNAL, file=sys.stderr, all_threads=False, chain=False)
    except (AttributeError, RuntimeError, ValueError, OSError):
        pass  # no stderr descriptor, or a platform without faulthandler.register

# A process that dies of a fatal signal (SIGSEGV, SIGABRT...) writes its Python
# stack to stderr first, as `python -X faulthandler` would: the supervisor counts
# these reports (core/child_crashes.h), the only sign it gets of a pool worker's
# death, which the pool reaps. The signal still ends the process as before.
if sys.stderr is not None and not faulthandler.is_enabled():
    try:
        faulthandler.enable(file=sys.stderr)
    except (AttributeError, RuntimeError, ValueError, OSError):
        pass

# What the other threads were doing at each fork (mpconform_at_fork.py).
try:
    import mpconform_at_fork

    mpconform_at_fork.install()
except Exception:
    pass  # the snapshot is evidence; a process must start without it

# The OS lens (mpconform_os_lens.py): under `--os macos|windows` the supervisor
# names the platform here, and its rules apply in this process and its children.
_lens_os = __import__("os").environ.get("MPCONFORM_OS")
if _lens_os:
    try:
        import mpconform_os_lens

        mpconform_os_lens.install(_lens_os)
    except Exception as e:
        sys.stderr.write("mpconform: os lens not installed: %r\n" % (e,))

# A cell's evidence for the causes of output differences (mpconform_check.py):
# the supervisor sets this variable for its cells; a Python the harness did not
# start pays one environment lookup.
if __import__("os").environ.get("MPCONFORM_CHECK_HOOKS") == "1":
    try:
        import mpconform_check

        mpconform_check.install_if_child()
    except Exception:
        pass  # evidence only: a process must start without it

# This module shadows any other sitecustomize (Debian's installs apport's hook), so
# run the next one on sys.path as Python would have: through the import system's
# own source loader, which uses the module's cached bytecode. (compile() of its
# source cost about 0.6 ms in every process, most of it the builtin's first call.)
def _run_shadowed_sitecustomize():
    import os

    loader_class = sys.modules["_frozen_importlib_external"].SourceFileLoader
    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        folder = os.path.abspath(entry or ".")
        candidate = os.path.join(folder, "sitecustomize.py")
        if folder != here and os.path.isfile(candidate):
            code = loader_class("sitecustomize", candidate).get_code("sitecustomize")
            exec(code, {"__name__": "sitecustomize", "__file__": candidate})
            return


try:
    _run_shadowed_sitecustomize()
except Exception:
    pass  # as site.py does: a broken sitecustomize must not stop the interpreter


# This folder is on PYTHONPATH only to get this module imported. Left on sys.path,
# ahead of the standard library, every later import searched it first (~9M
# instructions over the imports of a multiprocessing case), and `python case.py`
# has no such entry. Children still find it: PYTHONPATH is unchanged.
def _leave_sys_path():
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [e for e in sys.path if os.path.abspath(e or ".") != here]


try:
    _leave_sys_path()
except Exception:
    pass
