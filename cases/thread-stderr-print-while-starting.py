# ---
# id: thread-stderr-print-while-starting
# title: A thread prints to stderr while the main thread starts printing children
# source: 003_2ffb3f86c344afa1.txt (the program said to deadlock "pretty reliably" on Linux)
# claim: >
#   Even CPython's own objects are not fork-safe with threads: if a background
#   thread is inside a write to sys.stderr at the moment of fork, the child
#   inherits the stream's internal lock in the held state, and the child's own
#   print to stderr (or its final flush) then blocks forever. spawn and
#   forkserver children start from a fresh interpreter and are immune.
# expect:
#   fork: [ok, deadlock]
#   spawn: ok
#   forkserver: ok
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: [ok, deadlock]
#     - outcome: ok
# limits:
#   timeout: 10
# tags: [fork-safety, threads, stdio, deadlock, intermittent]
# ---
import multiprocessing
import sys
import threading

N_CHILDREN = 3
MAX_LINES = 3000  # a bound on the output; the thread usually stops sooner


def chatter(started, stop):
    # Writes to stderr back to back, so the stream's lock is held (by this
    # thread) for much of the time, including, sometimes, the moment of fork.
    for i in range(MAX_LINES):
        if stop.is_set():
            return
        print("thread line", i, file=sys.stderr)
        started.set()


def child_says_hello(n):
    print("child", n, "hello", file=sys.stderr)


if __name__ == "__main__":
    started, stop = threading.Event(), threading.Event()
    noisy = threading.Thread(target=chatter, args=(started, stop))
    noisy.start()
    started.wait(timeout=5)  # fork only once the thread is busy printing
    children = [multiprocessing.Process(target=child_says_hello, args=(n,))
                for n in range(N_CHILDREN)]
    for child in children:
        child.start()
    stop.set()
    noisy.join(timeout=5)
    for child in children:
        child.join()  # untimed on purpose: a child stuck on the lock hangs here
