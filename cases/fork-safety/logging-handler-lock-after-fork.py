# ---
# id: logging-handler-lock-after-fork
# title: A thread logs through a slow handler while the main thread starts logging children
# source: 002_235a08ad9f5203d3.txt (59.5 fork risks, 59.27 inherited logging handlers); 003_2ffb3f86c344afa1.txt (locks held by threads that do not exist in the child)
# claim: >
#   A logging Handler serialises emit() with a lock. If another thread is inside
#   emit() at the moment of fork, a fork child inherits the handler's lock in
#   the held state, with no thread left to release it, and the child's first log
#   call through that handler blocks forever. spawn and forkserver children
#   build their own handlers.
# documented:
#   fork: deadlock
#   spawn: ok
# expect:
#   fork:
#     - if: python < 3.7
#       outcome: deadlock
#     - outcome: ok
#   spawn: ok
#   forkserver: ok
#   default:
#     - if: os == "linux" and python < 3.7
#       outcome: deadlock
#     - outcome: ok
# limits:
#   timeout: 10
# tags: [fork-safety, threads, logging, locks, deadlock]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). The handler writes to a
#   stream whose write() sleeps 5 ms, and a thread logs back to back, so the
#   handler's lock is held by that thread almost all the time; then one child
#   logs once. fork on 3.6.15: 15/15 standalone runs hung (the child waits for
#   the handler's lock forever; the parent in join()), and the harness reports
#   deadlock. fork on 3.7.16 (30/30), 3.11.2 (30/30), 3.14.10 (20/20) and every
#   other interpreter: ok, because from 3.7 logging re-creates every handler's
#   lock in a fork child (os.register_at_fork), and takes its module lock around
#   the fork. spawn and forkserver: ok everywhere. So the claim holds only
#   before 3.7; later Pythons fix logging's own locks, though the stream
#   underneath may have a lock of its own (sys.stderr's buffer: see
#   thread-stderr-print-while-starting).
# ---
import logging
import multiprocessing
import threading
import time

N_CHILDREN = 1
WRITE_SECONDS = 0.005


class SlowStream:
    """A stream whose write takes a while, as a slow disk or pipe would: the
    handler's lock is held (by the writing thread) for most of the time."""

    def write(self, text):
        time.sleep(WRITE_SECONDS)

    def flush(self):
        pass


# Module level, so spawn and forkserver children (which import this module
# afresh) have the same handler, with a lock of their own.
log = logging.getLogger("mpconform.case")
log.addHandler(logging.StreamHandler(SlowStream()))
log.setLevel(logging.INFO)
log.propagate = False


def chatter(started, stop):
    for i in range(10000):
        if stop.is_set():
            return
        log.info("thread record %d", i)
        started.set()


def child_logs(n):
    log.info("child %d record", n)  # needs the handler's lock


if __name__ == "__main__":
    started, stop = threading.Event(), threading.Event()
    noisy = threading.Thread(target=chatter, args=(started, stop))
    noisy.start()
    started.wait(timeout=5)  # fork only once the thread is busy logging
    children = [multiprocessing.Process(target=child_logs, args=(n,)) for n in range(N_CHILDREN)]
    for child in children:
        child.start()
    stop.set()
    noisy.join(timeout=5)
    for child in children:
        child.join()  # untimed on purpose: a child stuck on the lock hangs here
