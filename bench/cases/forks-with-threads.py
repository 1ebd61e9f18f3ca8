# ---
# id: forks-with-threads
# title: 200 forks while four other threads are alive
# source: issue 13 (what the at-fork snapshot costs)
# claim: >
#   Not a conformance claim: a load for bench/cell_overhead.py. Each fork takes an
#   at-fork snapshot of the four other threads under the harness, and none bare.
# expect:
#   all: ok
# tags: [bench]
# ---
import os
import threading

FORKS = 200
THREADS = 4


def idle(stop):
    stop.wait()  # alive, with a Python stack, for every fork


if __name__ == "__main__":
    stop = threading.Event()
    threads = [threading.Thread(target=idle, args=(stop,)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for _ in range(FORKS):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    stop.set()
    for t in threads:
        t.join()
