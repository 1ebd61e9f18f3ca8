# Runs inside the runner after CPython starts and before the case does: sets the
# start method, reports the facts that decide outcomes, and hooks the main process's
# unhandled exception. Everything goes to the channel, a JSONL file the supervisor
# named, never to the case's stdout or stderr. Kept to what Python 3.6 accepts.
import json
import os
import sys


def _emit(channel, event):
    # A path or argv byte that is not UTF-8 reaches Python as a lone surrogate; as a
    # \udcXX escape it made the whole line invalid JSON for the supervisor (the start
    # event lost, the cell a harness-error), so it is written as "?" instead.
    data = (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8", "replace")
    # One O_APPEND write per event keeps lines whole when several processes report.
    fd = os.open(channel, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def _default_method(mp):
    # get_start_method() would fix the default context for good, so read the
    # concrete context the default one wraps instead.
    try:
        return mp.context._default_context._default_context._name
    except AttributeError:
        return mp.get_start_method(allow_none=True) or "unknown"


def _stdio_facts():
    facts = {}
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        facts[name + "_line_buffering"] = bool(getattr(stream, "line_buffering", False))
        facts[name + "_write_through"] = bool(getattr(stream, "write_through", False))
        facts[name + "_isatty"] = bool(stream.isatty()) if stream else False
    return facts


def _describe(etype, value, tb):
    import traceback

    frames = [{"file": f[0], "line": f[1], "function": f[2]} for f in traceback.extract_tb(tb)]
    return {
        "event": "exception",
        "pid": os.getpid(),
        "type": etype.__name__,
        "module": etype.__module__,
        "mro": [c.__name__ for c in etype.__mro__],
        "message": str(value),
        "traceback": "".join(traceback.format_exception(etype, value, tb)),
        "frames": frames,
        # ModuleNotFoundError names its module: said per interpreter by `check`,
        # read from the attribute, not the message.
        "import_name": getattr(value, "name", None) if isinstance(value, ImportError) else None,
    }


def _library_dirs():
    # Where the dynamic loader looks on this system, as this interpreter was built.
    import sysconfig

    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    dirs = [sysconfig.get_config_var("LIBDIR") or ""]
    for root in ("/usr/lib", "/lib", "/usr/local/lib", "/usr/lib64", "/lib64"):
        if multiarch:
            dirs.append(os.path.join(root, multiarch))
        dirs.append(root)
    return [d for d in dirs if d]


def _check_requirement(requirement):
    """(where it was found, None) or (None, why it is missing) for KIND:NAME."""
    kind, _, name = requirement.partition(":")
    if kind == "module":
        import importlib.util

        # find_spec locates the module without running it (a dotted name imports
        # its parent packages only), so torch is not loaded just to be checked.
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError) as e:
            return None, "module %r cannot be looked up (%s: %s)" % (name, type(e).__name__, e)
        if spec is None:
            return None, "module %r is not installed for %s" % (name, sys.executable)
        return spec.origin or "namespace package", None
    if kind == "library":
        candidates = [name] if os.path.isabs(name) else [os.path.join(d, name) for d in _library_dirs()]
        for path in candidates:
            if os.path.exists(path):
                return path, None
        return None, "library %r is not installed (looked in %s)" % (
            name, ", ".join(os.path.dirname(c) for c in candidates))
    return None, "unknown requirement %r" % requirement


def boot(channel, method, exe_mode, requires=(), diagnose=False):
    """Returns True when the case should run, False when the method or something the
    case requires is unsupported here. With `diagnose` (a `check` cell), installs
    the check hooks (check_hooks.py) before the program runs."""
    import multiprocessing

    all_methods = list(multiprocessing.get_all_start_methods())
    default = _default_method(multiprocessing)
    facts = {
        "event": "start",
        "pid": os.getpid(),
        "python_version": "%d.%d.%d" % sys.version_info[:3],
        "python_version_full": sys.version,
        "executable": sys.executable,
        "prefix": sys.prefix,  # a venv's folder when run by a venv's python
        "base_prefix": getattr(sys, "base_prefix", sys.prefix),
        "platform": sys.platform,
        "method": method,
        "exe_mode": exe_mode,
        "default_method": default,
        "all_methods": all_methods,
        "resolved_method": default if method == "default" else method,
        "stdio": _stdio_facts(),
        "hash_randomization": sys.flags.hash_randomization,
        "argv": list(sys.argv),
    }
    lens = sys.modules.get("mpconform_os_lens")
    if lens is not None and lens._OS:
        facts["os_lens"] = lens.describe()
    if method != "default" and method not in all_methods:
        facts["event"] = "unsupported"
        where = "on %s (emulated)" % facts["os_lens"]["name"] if "os_lens" in facts else "here"
        facts["reason"] = "start method %r is not available %s (available: %s)" % (
            method, where, ", ".join(all_methods))
        _emit(channel, facts)
        return False
    found, missing = {}, []
    for requirement in requires:
        where, why = _check_requirement(requirement)
        if why:
            missing.append(why)
        else:
            found[requirement] = where
    facts["requirements"] = found
    if missing:
        facts["event"] = "unsupported"
        facts["reason"] = "requires " + "; ".join(missing)
        _emit(channel, facts)
        return False
    if method != "default":
        multiprocessing.set_start_method(method)
    _emit(channel, facts)

    main_pid = os.getpid()
    previous_hook = sys.excepthook

    def report_then_print(etype, value, tb):
        # Forked children inherit this hook; only the case's main process reports.
        if os.getpid() == main_pid:
            try:
                _emit(channel, _describe(etype, value, tb))
            except Exception:
                pass
        previous_hook(etype, value, tb)

    sys.excepthook = report_then_print
    if diagnose and lens is not None and lens._OS and sys.argv and sys.argv[0].endswith(".py"):
        try:
            lens.report_source_warnings(sys.argv[0])
        except Exception:
            pass  # a warning, never a reason for the program not to run
    if diagnose:
        install_check_hooks(lambda event: _emit(channel, event), method != "default")
    # Every cell, `run`'s too, gathers the evidence of causes: the state at each
    # start, the children's random state and logging (pyhooks/mpconform_check.py,
    # imported by sitecustomize), so `check` can compare it with a baseline and the
    # catalog's globals, stdio and logging cases say why, not only what.
    checker = sys.modules.get("mpconform_check")
    if checker is not None:
        try:
            checker.install_in_main()
        except Exception:
            pass
    return True
