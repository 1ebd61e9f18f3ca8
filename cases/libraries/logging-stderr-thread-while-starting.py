# ---
# id: logging-stderr-thread-while-starting
# title: A thread logs through a StreamHandler to the real stderr while the main thread starts logging children
# source: 003_2ffb3f86c344afa1.txt (locks held by threads that do not exist in the child; the stderr example); CPython docs, logging "Thread Safety" and os.register_at_fork
# claim: >
#   Complements logging-handler-lock-after-fork (a handler on a slow stream of
#   its own). Since 3.7 logging re-creates its module lock and every handler's
#   lock in a fork child, so the handler itself cannot be inherited locked.
#   But a StreamHandler on sys.stderr writes into the stream's buffered writer,
#   whose own lock logging does not know about: if the logging thread is
#   inside that write at the moment of fork, the child's first record blocks
#   on it forever. So logging's re-creation does not suffice under fork;
#   spawn and forkserver children build a fresh stderr.
# documented:
#   fork: ok
#   spawn: ok
#   forkserver: ok
# expect:
#   fork: [ok, deadlock]
#   spawn: ok
#   forkserver: ok
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: [ok, deadlock]
#     - outcome: ok
# limits:
#   timeout: 20
# tags: [libraries, logging, fork-safety, threads, stdio, deadlock, intermittent]
# notes: >
#   Measured on /usr/bin/python3 3.11.2 with three children and a thread
#   logging 200-byte records back to back. Standalone (PYTHON* stripped,
#   stderr to a pipe read by subprocess.communicate, still running after 8 s
#   counted as hung): fork 3/20 hung, 17/20 ok; spawn 4/4, forkserver 4/4 ok.
#   Under the harness (`mpconform repro logging-stderr-thread-while-starting
#   --runs 20`): fork 9/20 deadlock (45%, 95% interval 26% to 66%), 11/20 ok;
#   spawn 4/4, forkserver 4/4 ok. In the hung runs every stuck child waits in
#   a futex from PyThread_acquire_lock_timed with its Python stack in
#   StreamHandler.emit at the stream's write, past handle(): logging's own
#   lock was free (re-created after fork), the stderr buffer's lock was not.
#   So logging's re-creation of its locks does not suffice when the handler's
#   stream is stderr. The rate depends on how fast the reader drains the pipe,
#   hence the intermittent expectation, ok first. On the pyenv interpreters
#   3.6.15 to 3.13.0, one `mpconform run` each: fork ok everywhere but
#   3.10.13 (deadlock), spawn ok everywhere; not measured further.
# ---
import logging
import multiprocessing
import sys
import threading

from mpconform_case import knob

CHILDREN = knob("CHILDREN", 3)

# Module level, so spawn and forkserver children configure the same handler.
log = logging.getLogger("mpconform.case")
log.addHandler(logging.StreamHandler(sys.stderr))
log.setLevel(logging.INFO)
log.propagate = False


def chatter(started, stop):
    for i in range(200000):
        if stop.is_set():
            return
        log.info("thread record %d %s", i, "x" * 200)
        started.set()


def child_logs(n):
    log.info("child %d record", n)


if __name__ == "__main__":
    started, stop = threading.Event(), threading.Event()
    noisy = threading.Thread(target=chatter, args=(started, stop))
    noisy.start()
    started.wait(timeout=5)
    children = [multiprocessing.Process(target=child_logs, args=(n,)) for n in range(CHILDREN)]
    for child in children:
        child.start()
    stop.set()
    noisy.join(timeout=5)
    for child in children:
        child.join()  # untimed on purpose: a child stuck on stderr's lock hangs here
