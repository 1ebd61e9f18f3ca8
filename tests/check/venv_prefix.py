# Says which environment the main process and a child run in: sys.prefix, and
# whether a module installed only in the venv's site-packages imports. Run with a
# venv's python, both lines name the venv under every start method.
import multiprocessing
import sys


def where(queue):
    try:
        import mpconform_venv_only  # noqa: F401  (only the venv has it)
        has_module = "yes"
    except ImportError:
        has_module = "no"
    queue.put((sys.prefix, has_module))


if __name__ == "__main__":
    where_main = multiprocessing.Queue()
    where(where_main)
    print("parent %s venv-only module: %s" % where_main.get())
    results = multiprocessing.Queue()
    child = multiprocessing.Process(target=where, args=(results,))
    child.start()
    print("child %s venv-only module: %s" % results.get())
    child.join()
