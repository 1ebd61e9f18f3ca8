"""A small pytest suite for `mpconform check -m pytest`: one test that fails only
under fork, one that fails only under spawn and forkserver, one that passes
everywhere. Each test uses whatever start method the process was given (the
harness sets it per cell before pytest starts)."""
import multiprocessing
import sys

# A module-level setting a test changes for itself. A forked child copies the
# parent's memory and sees the change; a spawned or forkserver child imports this
# module afresh and sees the value written here.
GREETING = "hello"


def report_greeting(queue):
    queue.put(GREETING)


def square(n):
    return n * n


def test_child_sees_the_module_default(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "GREETING", "changed by the test")
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=report_greeting, args=(queue,))
    child.start()
    seen = queue.get(timeout=20)
    child.join()
    assert seen == "hello"


def test_worker_defined_inside_the_test():
    queue = multiprocessing.Queue()

    def worker():
        queue.put("done")

    child = multiprocessing.Process(target=worker)
    child.start()
    assert queue.get(timeout=20) == "done"
    child.join()


def test_pool_of_module_level_function():
    with multiprocessing.Pool(2) as pool:
        assert pool.map(square, range(5)) == [0, 1, 4, 9, 16]
