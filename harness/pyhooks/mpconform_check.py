# Evidence for the causes of a `check` cell's output differences, gathered inside
# every Python process of the cell (sitecustomize imports this module only when the
# supervisor set MPCONFORM_CHECK_HOOKS=1, i.e. in check cells):
#   - parent_state: at each start of a child, a fingerprint of every global of the
#     main module and every data attribute of its classes, as the parent has them;
#   - child_state: the same fingerprints in a spawn or forkserver child, once it has
#     imported the main module again (what it sees is its import-time values);
#   - source_facts: from `ast` of the main file, where each global and class
#     attribute is set at import time and at run time, where random state is
#     seeded and where logging is configured (once per program);
#   - module_level_output: what the main module wrote while a child imported it;
#   - unhandled_log: records a child logged that no handler took;
#   - child_random: the random module's and NumPy's global state a child starts with.
# The harness compares them (harness/core/output_causes.cc); nothing here judges.
# Everything is bounded, and kept to what Python 3.6 accepts. Each event is one
# O_APPEND write of one JSON line to the cell's channel.
import os
import sys

MAX_STARTS = 16        # parent_state events per process
MAX_NAMES = 200        # names fingerprinted per state
MAX_LOG_EVENTS = 20    # unhandled_log events per process; later records only counted
MAX_OUTPUT_LINES = 20  # module_level_output lines per process
MAX_TEXT = 200         # characters kept of a line or a log message
SHORT_REPR = 60        # characters of a value shown to people

_main_pid = None       # the program's main process (install_in_main)
_starts = [0]
_unhandled = [0]


def _emit(event):
    import json

    channel = os.environ.get("MPCONFORM_CHANNEL")
    if not channel:
        return
    data = (json.dumps(event, ensure_ascii=False, default=repr) + "\n").encode("utf-8", "replace")
    fd = os.open(channel, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


# --- fingerprints of the main module's state --------------------------------------

_SCALARS = (type(None), bool, int, float, complex)


def _is_plain(value):
    # Data whose repr is the same in every process (no addresses in it).
    return isinstance(value, _SCALARS) or (isinstance(value, (str, bytes)) and len(value) <= 64)


def _digest(data):
    # Not hash(): a str's hash is salted per process unless PYTHONHASHSEED is fixed,
    # and the parent's and a child's fingerprints must agree for equal values.
    import zlib

    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    return zlib.crc32(data) & 0xffffffff


def _fingerprint(value, main_name, depth=0):
    """A short string equal in two processes when the value is (as far as a cheap
    look can tell): the repr of a scalar, type+len+hash of a small plain container,
    the attributes of an instance of a class of the main module, the type otherwise."""
    kind = type(value).__name__
    if isinstance(value, _SCALARS):
        return repr(value)
    if isinstance(value, (str, bytes)):
        return repr(value) if len(value) <= 64 else "%s:%d:%x" % (kind, len(value), _digest(value))
    if isinstance(value, (list, tuple, set, frozenset)):
        if len(value) <= 32 and all(_is_plain(x) for x in value):
            items = sorted(repr(x) for x in value) if isinstance(value, (set, frozenset)) else value
            return "%s:%d:%x" % (kind, len(value), _digest(repr(items)))
        return "%s:%d" % (kind, len(value))
    if isinstance(value, dict):
        if len(value) <= 32 and all(_is_plain(k) and _is_plain(v) for k, v in value.items()):
            return "%s:%d:%x" % (kind, len(value), _digest(repr(sorted(value.items(), key=repr))))
        return "%s:%d" % (kind, len(value))
    # The program's own objects (a settings instance): their attributes, one level.
    state = getattr(value, "__dict__", None)
    if depth == 0 and type(value).__module__ == main_name and isinstance(state, dict) and len(state) <= 16:
        return kind + "{" + ",".join("%s=%s" % (k, _fingerprint(state[k], main_name, 1))
                                     for k in sorted(state)) + "}"
    return kind


def _short_repr(value):
    import reprlib

    r = reprlib.Repr()
    r.maxstring = r.maxother = SHORT_REPR - 10
    try:
        text = r.repr(value)
    except Exception:
        text = "<" + type(value).__name__ + ">"
    return text if len(text) <= SHORT_REPR else text[:SHORT_REPR - 3] + "..."


def _skipped(name, value):
    import types

    return (name.startswith("__") and name.endswith("__")) or isinstance(value, types.ModuleType) \
        or callable(value) or isinstance(value, (staticmethod, classmethod, property))


def main_state():
    """{name: [fingerprint, short repr]} of the main module's globals and of the
    data attributes of the classes it defines ("Settings.verbose")."""
    module = sys.modules.get("__main__")
    names = {}
    if module is None:
        return names
    main_name = module.__name__
    for name, value in list(vars(module).items()):
        if len(names) >= MAX_NAMES:
            break
        if isinstance(value, type) and value.__module__ == main_name and name == value.__name__:
            for attr, v in list(vars(value).items()):
                if not _skipped(attr, v) and len(names) < MAX_NAMES:
                    names[name + "." + attr] = [_fingerprint(v, main_name), _short_repr(v)]
            continue
        if not _skipped(name, value):
            names[name] = [_fingerprint(value, main_name), _short_repr(value)]
    return names


# --- what the main file's source says (ast) ---------------------------------------

def _dotted(node):
    import ast

    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _const_str(node):
    # ast.Constant's `value` (3.8+), else ast.Str's `s` (3.6, 3.7). Reading `s` where
    # `value` exists warns (DeprecationWarning from 3.12), into the program's own
    # warnings: a case that records them around Process.start saw it.
    value = node.value if hasattr(node, "value") else getattr(node, "s", None)
    return value if isinstance(value, str) else None


def _is_main_guard(node):
    import ast

    test = node.test
    if not isinstance(test, ast.Compare) or len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and \
        any(_const_str(s) == "__main__" for s in sides)


SEED_CALLS = ("random.seed", "np.random.seed", "numpy.random.seed")
GLOBAL_GENERATORS = {"random": "random", "np.random": "numpy", "numpy.random": "numpy"}
# Calls on those modules that make or manage a generator rather than draw from the global one.
NOT_DRAWS = ("seed", "getstate", "setstate", "get_state", "set_state", "default_rng", "Generator", "RandomState",
             "SeedSequence", "BitGenerator", "PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64", "Random",
             "SystemRandom")
LOGGING_CALLS = ("basicConfig", "addHandler", "dictConfig", "fileConfig")


class _SourceReader(object):
    """Walks the main module's tree once, knowing at each node whether it runs at
    import time (module level outside the main guard) or at run time (under the
    guard, or in a function)."""

    def __init__(self, lines):
        self.lines = lines
        self.classes = set()
        self.globals = {}      # name -> {"import_line", "runtime_lines", "read_lines"}
        self.class_attrs = {}  # "C.a" -> the same
        self.seeds, self.logging, self.draws = [], [], []
        self._locals = {}  # id of a function's node -> its parameters and locals
        # id of a method's node -> (its first parameter, its class, whether that
        # parameter is the class itself): `cls.base` in a classmethod of Registry
        # is Registry.base, read or set; `self.base` read falls back to it.
        self._receivers = {}

    def _class_attr_of(self, node, func, assigning):
        import ast

        receiver = self._receivers.get(id(func)) if func is not None else None
        if receiver and isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == receiver[0] and (receiver[2] or not assigning):
            return receiver[1] + "." + node.attr
        return None

    def _entry(self, table, name):
        return table.setdefault(name, {"import_line": 0, "runtime_lines": [], "read_lines": []})

    def _text(self, line):
        text = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        return text if len(text) <= 80 else text[:77] + "..."

    def _assigned(self, target, line, guard, func, declared):
        import ast

        if isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                self._assigned(t, line, guard, func, declared)
            return
        if isinstance(target, ast.Starred):
            return self._assigned(target.value, line, guard, func, declared)
        if isinstance(target, ast.Name):
            if func is None and not guard:
                entry = self._entry(self.globals, target.id)
                entry["import_line"] = entry["import_line"] or line
            elif func is None or target.id in declared:
                self._entry(self.globals, target.id)["runtime_lines"].append(line)
        elif self._class_attr_of(target, func, True):
            self._entry(self.class_attrs, self._class_attr_of(target, func, True))["runtime_lines"].append(line)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                and target.value.id in self.classes:
            entry = self._entry(self.class_attrs, target.value.id + "." + target.attr)
            if func is None and not guard:
                entry["import_line"] = entry["import_line"] or line
            else:
                entry["runtime_lines"].append(line)

    def _call(self, node, guard, func):
        import ast

        name = _dotted(node.func)
        # The call as written when short ("np.random.seed(0)"), else its name.
        text = self._text(node.lineno)
        call = text if len(text) <= 40 and text.startswith(name + "(") else name + "(...)"
        where = {"call": call, "line": node.lineno, "in_main_guard": guard,
                 "in_function": func is not None}
        if name in SEED_CALLS:
            self.seeds.append(dict(where, seeds=name))
        # A draw from a global generator (np.random.rand(), random.randint()): a
        # program that never draws from it does not care that forks share it.
        module, _, function = name.rpartition(".")
        if module in GLOBAL_GENERATORS and function not in NOT_DRAWS:
            self.draws.append(dict(where, draws=GLOBAL_GENERATORS[module]))
        if name.split(".")[-1] in LOGGING_CALLS:
            self.logging.append(dict(where, configures=name))
        # setattr(Settings, "verbose", value): the attribute-by-name form
        if name == "setattr" and len(node.args) >= 2 and isinstance(node.args[0], ast.Name) \
                and node.args[0].id in self.classes and _const_str(node.args[1]):
            self._entry(self.class_attrs, node.args[0].id + "." + _const_str(node.args[1]))[
                "runtime_lines"].append(node.lineno)

    def _read(self, node, func):
        import ast

        if func is None:
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            # A parameter or local of the same name is not the global.
            if node.id not in self._locals.get(id(func), ()):
                self._entry(self.globals, node.id)["read_lines"].append(node.lineno)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) \
                and self._class_attr_of(node, func, False):
            self._entry(self.class_attrs, self._class_attr_of(node, func, False))["read_lines"].append(node.lineno)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) \
                and isinstance(node.value, ast.Name) and node.value.id in self.classes:
            self._entry(self.class_attrs, node.value.id + "." + node.attr)["read_lines"].append(node.lineno)

    def visit(self, node, guard=False, func=None, declared=(), in_class=None):
        import ast

        if isinstance(node, ast.If) and func is None and not guard and _is_main_guard(node):
            for child in node.body:
                self.visit(child, True, None, ())
            for child in node.orelse:
                self.visit(child, guard, func, declared)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names, local = set(), set()
            for inner in ast.walk(node):
                if isinstance(inner, ast.Global):
                    names.update(inner.names)
                elif isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                    local.add(inner.id)
                elif isinstance(inner, ast.arg):
                    local.add(inner.arg)
            self._locals[id(node)] = local - names
            if in_class is not None and node.args.args:
                is_classmethod = any(isinstance(d, ast.Name) and d.id == "classmethod" for d in node.decorator_list)
                self._receivers[id(node)] = (node.args.args[0].arg, in_class, is_classmethod)
            for child in node.body:
                self.visit(child, guard, node, names)
            return
        if isinstance(node, ast.ClassDef) and func is None and not guard:
            for child in node.body:
                if isinstance(child, (ast.Assign, ast.AnnAssign)):
                    targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                    for t in targets:
                        if isinstance(t, ast.Name):
                            entry = self._entry(self.class_attrs, node.name + "." + t.id)
                            entry["import_line"] = entry["import_line"] or child.lineno
                self.visit(child, guard, func, declared, node.name)
            return
        if in_class is not None and func is None and isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            pass  # a class body's names are the class's attributes (recorded above), not globals
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                self._assigned(t, node.lineno, guard, func, declared)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and getattr(node, "value", True) is not None:
            self._assigned(node.target, node.lineno, guard, func, declared)
        elif isinstance(node, ast.Call):
            self._call(node, guard, func)
        self._read(node, func)
        for child in ast.iter_child_nodes(node):
            self.visit(child, guard, func, declared, in_class)

    def facts(self, path):
        def trimmed(table):
            out = {}
            for name, entry in table.items():
                if entry["import_line"] or entry["runtime_lines"]:
                    out[name] = {k: (v[:5] if isinstance(v, list) else v) for k, v in entry.items()}
            return out

        return {"event": "source_facts", "pid": os.getpid(), "file": path, "globals": trimmed(self.globals),
                "class_attrs": trimmed(self.class_attrs), "seeds": self.seeds[:10], "draws": self.draws[:10], "logging": self.logging[:10]}


def source_facts(path):
    import ast

    with open(path, "rb") as f:
        source = f.read()
    tree = ast.parse(source, path)
    reader = _SourceReader(source.decode("utf-8", "replace").splitlines())
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            reader.classes.add(node.name)
    for node in tree.body:
        reader.visit(node)
    return reader.facts(path)


# --- the main process: the state at each start ------------------------------------

def _after_start(process):
    if _starts[0] >= MAX_STARTS:
        return
    _starts[0] += 1
    if os.getpid() == _main_pid and _starts[0] == 1:
        path = getattr(sys.modules.get("__main__"), "__file__", None)
        if path and path.endswith(".py"):
            try:
                _emit(source_facts(os.path.abspath(path)))
            except (SyntaxError, OSError, ValueError, RecursionError):
                pass
    _emit({"event": "parent_state", "pid": os.getpid(), "child": process.pid,
           "method": getattr(process, "_start_method", None), "names": main_state()})


def _install_start_hook():
    from multiprocessing import process

    original = process.BaseProcess.start

    def start(self):
        result = original(self)
        try:
            _after_start(self)
        except Exception:
            pass  # evidence only: the program's start must stand
        return result

    process.BaseProcess.start = start


# --- every child: random state and logging, at the start of its target ------------

def _state_hash(data):
    return "%x" % _digest(data)


def _random_event(process):
    event = {"event": "child_random", "pid": os.getpid(), "method": getattr(process, "_start_method", None),
             "random": None, "numpy": None}
    if "random" in sys.modules:
        event["random"] = _state_hash(repr(sys.modules["random"].getstate()))
    numpy = sys.modules.get("numpy")
    if numpy is not None and hasattr(numpy, "random"):
        state = numpy.random.get_state()
        event["numpy"] = _state_hash(state[1].tobytes() + repr(state[2]).encode())
    return event


def _handled_by_none(logger):
    # Logger.callHandlers' own walk: no handler anywhere up the propagating chain
    # means the record goes to logging.lastResort (WARNING and up, bare) or nowhere.
    while logger is not None:
        if logger.handlers:
            return False
        if not logger.propagate:
            return True
        logger = logger.parent
    return True


def _unhandled_record(logger, level, message, path, line):
    _unhandled[0] += 1
    count = _unhandled[0]
    if count <= MAX_LOG_EVENTS:
        _emit({"event": "unhandled_log", "pid": os.getpid(), "logger": logger, "level": level,
               "message": message[:MAX_TEXT], "file": path, "line": line, "count": count})
    elif count & (count - 1) == 0:
        # A Pool's terminate() kills its workers before they can say their last
        # count: say it now and then (at each power of two), and at the end.
        _emit({"event": "unhandled_log_count", "pid": os.getpid(), "count": count})


def _install_log_hook():
    logging = sys.modules.get("logging")
    if logging is None or getattr(logging.Logger.callHandlers, "_mpconform", False):
        return
    original_call = logging.Logger.callHandlers
    original_enabled = logging.Logger.isEnabledFor
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)

    def callHandlers(self, record):
        try:
            if os.getpid() != _main_pid and _handled_by_none(self):
                _unhandled_record(record.name, record.levelname, str(record.getMessage()),
                                  record.pathname, record.lineno)
        except Exception:
            pass
        return original_call(self, record)

    # A record below the level of an unconfigured logger (INFO under the default
    # WARNING) is dropped before any handler is asked: counted here, for the
    # program's own calls (log.info(...) in the main file) only.
    def isEnabledFor(self, level):
        enabled = original_enabled(self, level)
        if not enabled and os.getpid() != _main_pid:
            try:
                frame = sys._getframe(2)  # the program's call of log.info(...)
                if frame.f_code.co_filename == main_file and _handled_by_none(self):
                    call = sys._getframe(1).f_locals
                    message = str(call.get("msg", ""))
                    if call.get("args"):
                        message = message % call["args"]
                    _unhandled_record(self.name, logging.getLevelName(level), message,
                                      frame.f_code.co_filename, frame.f_lineno)
            except Exception:
                pass
        return enabled

    callHandlers._mpconform = True
    logging.Logger.callHandlers = callHandlers
    logging.Logger.isEnabledFor = isEnabledFor


def _install_bootstrap_hook():
    from multiprocessing import process

    original = process.BaseProcess._bootstrap
    if getattr(original, "_mpconform", False):
        return

    def _bootstrap(self, *args, **kwargs):
        try:
            _install_log_hook()
            _emit(_random_event(self))
        except Exception:
            pass
        try:
            return original(self, *args, **kwargs)
        finally:
            if _unhandled[0] > MAX_LOG_EVENTS:
                try:
                    _emit({"event": "unhandled_log_count", "pid": os.getpid(), "count": _unhandled[0]})
                except Exception:
                    pass

    _bootstrap._mpconform = True
    process.BaseProcess._bootstrap = _bootstrap


def install_in_main():
    """Called by the runner's check hooks in the program's main process, before it
    runs; forked children inherit what is installed here."""
    global _main_pid
    _main_pid = os.getpid()
    _install_start_hook()
    _install_bootstrap_hook()


# --- spawn and forkserver children: the main module imported again ----------------

class _RecordingStream(object):
    """Stands in for sys.stdout or sys.stderr while a child imports the main module:
    forwards everything, and notes the line of the main file that wrote each line.
    Whatever kept a reference to it (a logging handler set up at module level)
    keeps writing through it after it is taken down."""

    def __init__(self, stream, name, main_file, lines):
        self._stream, self._name, self._main_file, self._lines = stream, name, main_file, lines
        self._pending, self._at = "", 0
        self._active = True

    def _caller_line(self):
        frame, depth = sys._getframe(2), 0
        while frame is not None and depth < 40:
            if frame.f_code.co_filename == self._main_file:
                return frame.f_lineno
            frame, depth = frame.f_back, depth + 1
        return 0

    def write(self, text):
        if self._active and isinstance(text, str):
            try:
                if not self._pending:
                    self._at = self._caller_line()
                self._pending += text
                while "\n" in self._pending:
                    line, self._pending = self._pending.split("\n", 1)
                    self._keep(line)
            except Exception:
                pass
        return self._stream.write(text)

    def _keep(self, line):
        if len(self._lines) < MAX_OUTPUT_LINES:
            self._lines.append({"stream": self._name, "file": self._main_file, "line": self._at,
                                "text": line[:MAX_TEXT]})
        self._at = self._caller_line() if self._pending else 0

    def finish(self):
        self._active = False
        if self._pending:
            self._keep(self._pending)
            self._pending = ""

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _recording_output(fixup, main_file_of):
    def fixup_recording(name_or_path):
        main_file = main_file_of(name_or_path)
        lines, proxies = [], {}
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            if stream is not None and main_file:
                proxies[name] = (stream, _RecordingStream(stream, name, main_file, lines))
                setattr(sys, name, proxies[name][1])
        try:
            return fixup(name_or_path)
        finally:
            for name, (original, proxy) in proxies.items():
                proxy.finish()
                if getattr(sys, name) is proxy:  # the program may have replaced it itself
                    setattr(sys, name, original)
            if lines:
                try:
                    _emit({"event": "module_level_output", "pid": os.getpid(), "lines": lines})
                except Exception:
                    pass

    return fixup_recording


def _module_file(name):
    try:
        import importlib.util

        spec = importlib.util.find_spec(name)
        return os.path.abspath(spec.origin) if spec and spec.origin else ""
    except Exception:
        return ""


def _install_prepare_hooks():
    from multiprocessing import spawn

    spawn._fixup_main_from_path = _recording_output(spawn._fixup_main_from_path, os.path.abspath)
    spawn._fixup_main_from_name = _recording_output(spawn._fixup_main_from_name, _module_file)
    original_prepare = spawn.prepare

    def prepare(data):
        result = original_prepare(data)
        try:
            _install_bootstrap_hook()
            _emit({"event": "child_state", "pid": os.getpid(), "names": main_state()})
        except Exception:
            pass
        return result

    spawn.prepare = prepare


def _command_line():
    argv = getattr(sys, "orig_argv", None)  # 3.10+
    if argv:
        return argv
    try:
        with open("/proc/self/cmdline", "rb") as f:
            return f.read().decode("utf-8", "replace").split("\0")
    except OSError:
        return []


def install_if_child():
    """In a spawn child or a fork server (whose children are forks of it that call
    spawn's prepare), hook prepare; other processes are left alone."""
    argv = _command_line()
    spawned = "--multiprocessing-fork" in argv
    server = any("multiprocessing.forkserver import main" in a for a in argv)
    if spawned or server:
        _install_prepare_hooks()
