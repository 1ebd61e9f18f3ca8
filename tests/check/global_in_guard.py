# Sets a module global under the main guard and reads it in a child: a forked
# child inherits the parent's memory, a spawned one imports this file afresh and
# sees the value at import time. It works everywhere; its output does not.
import multiprocessing

MODE = "unset"


def report():
    print("child sees MODE =", MODE)


if __name__ == "__main__":
    MODE = "production"
    child = multiprocessing.Process(target=report)
    child.start()
    child.join()
    print("parent done")
