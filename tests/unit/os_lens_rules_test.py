"""Each rule of the OS lens (harness/pyhooks/mpconform_os_lens.py), in a fresh
interpreter started as a cell's processes are: the hooks folder first on
PYTHONPATH, MPCONFORM_OS naming the platform, a channel file for its events.
Usage: os_lens_rules_test.py PYHOOKS_DIR [PYTHON]"""
import json
import os
import subprocess
import sys
import tempfile
import textwrap

HOOKS = os.path.abspath(sys.argv[1])
PYTHON = sys.argv[2] if len(sys.argv) > 2 else sys.executable
failures = []
TARGET = tuple(int(x) for x in subprocess.check_output(
    [PYTHON, "-c", "import sys; print('%d %d' % sys.version_info[:2])"], universal_newlines=True).split())


def run(os_name, code, env_extra=None):
    with tempfile.TemporaryDirectory() as tmp:
        channel = os.path.join(tmp, "channel.jsonl")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MPCONFORM_"))}
        env.update({"PYTHONPATH": HOOKS, "MPCONFORM_CHANNEL": channel})
        if os_name:
            env["MPCONFORM_OS"] = os_name
        env.update(env_extra or {})
        script = os.path.join(tmp, "prog.py")
        with open(script, "w") as f:
            f.write(textwrap.dedent(code))
        p = subprocess.run([PYTHON, script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=60, cwd=tmp)
        events = []
        if os.path.exists(channel):
            with open(channel) as f:
                events = [json.loads(l) for l in f if l.strip()]
        return p, [e for e in events if e.get("event") == "os_rule"]


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
    if not ok:
        failures.append(name)


def expect(name, os_name, code, stdout, rule=None):
    p, events = run(os_name, code)
    check(name, p.stdout.strip() == stdout, "stdout %r, expected %r; stderr %s" % (p.stdout.strip(), stdout, p.stderr[-800:]))
    fired = sorted({e["rule"] for e in events})
    check(name + " (rule fired)", fired == ([rule] if rule else []), "fired %r" % fired)


expect("windows: only spawn", "windows", """
    import multiprocessing as mp
    print(mp.get_all_start_methods(), mp.get_start_method(allow_none=False))
""", "['spawn'] spawn")
expect("windows: get_context('fork') raises CPython's ValueError", "windows", """
    import multiprocessing as mp
    try:
        mp.get_context("fork")
    except ValueError as e:
        print(type(e).__name__, e)
""", "ValueError cannot find context for 'fork'", "windows-spawn-only")
expect("windows: set_start_method('forkserver') raises", "windows", """
    import multiprocessing as mp
    try:
        mp.set_start_method("forkserver")
    except ValueError as e:
        print(e)
""", "cannot find context for 'forkserver'", "windows-spawn-only")
expect("windows: os.fork absent, spawn still works", "windows", """
    import os, multiprocessing as mp
    def f(q): q.put(hasattr(os, "fork"))
    if __name__ == "__main__":
        q = mp.Queue(); p = mp.Process(target=f, args=(q,)); p.start()
        print(hasattr(os, "register_at_fork"), q.get(), end=" "); p.join()
        try:
            os.fork
        except AttributeError as e:
            print(e)
""", "False False module 'os' has no attribute 'fork'", "windows-no-fork")
expect("windows: executor above 61 workers", "windows", """
    from concurrent.futures import ProcessPoolExecutor
    try:
        ProcessPoolExecutor(max_workers=64)
    except ValueError as e:
        print(e)
    print(ProcessPoolExecutor(max_workers=61)._max_workers)
""", "max_workers must be <= 61\n61", "windows-executor-workers")
expect("linux (no lens): executor of 64 is fine", None, """
    from concurrent.futures import ProcessPoolExecutor
    print(ProcessPoolExecutor(max_workers=64)._max_workers)
""", "64")
if TARGET < (3, 13):
    expect("windows: connection.wait of 63 handles", "windows", """
        from multiprocessing import connection
        try:
            connection.wait(list(range(63)), 0)
        except ValueError as e:
            print(e)
    """, "need at most 63 handles, got a sequence of length 63", "windows-wait-handles")
expect("macos: spawn default from 3.8, all three methods", "macos", """
    import multiprocessing as mp
    print(mp.get_all_start_methods(), mp.get_start_method())
""", "['spawn', 'fork', 'forkserver'] spawn" if TARGET >= (3, 8) else "['fork', 'spawn', 'forkserver'] fork")
expect("macos: qsize raises NotImplementedError", "macos", """
    import multiprocessing as mp
    if __name__ == "__main__":
        q = mp.Queue(); q.put(1)
        try:
            q.qsize()
        except NotImplementedError as e:
            print("NotImplementedError", repr(str(e)))
""", "NotImplementedError ''", "macos-queue-qsize")
expect("macos: Semaphore.get_value raises", "macos", """
    import multiprocessing as mp
    s = mp.Semaphore(2)
    try:
        s.get_value()
    except NotImplementedError:
        print("NotImplementedError")
""", "NotImplementedError", "macos-semaphore-value")
if TARGET >= (3, 8):
  expect("macos: long shared-memory name", "macos", """
    from multiprocessing import shared_memory
    try:
        shared_memory.SharedMemory(name="results_buffer_for_worker_pool_1", create=True, size=16)
    except OSError as e:
        print(e.errno, e)
    s = shared_memory.SharedMemory(name="short_name", create=True, size=16); s.close(); s.unlink()
    print("short ok")
""", "63 [Errno 63] File name too long: '/results_buffer_for_worker_pool_1'\nshort ok", "macos-shm-name")
expect("macos: AF_UNIX path over 104 bytes", "macos", """
    import socket, os
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind("/tmp/" + "x" * 100)
    except OSError as e:
        print(e)
""", "AF_UNIX path too long", "macos-unix-path")
expect("macos: source warnings", "macos", """
    import sys, mpconform_os_lens
    print([w["kind"] for w in mpconform_os_lens.source_warnings(__file__)])
    if sys.platform == "darwin":
        import multiprocessing; multiprocessing.set_start_method("fork")
""", "['asks-for-fork', 'tests-platform']")
sys.exit(1 if failures else 0)
