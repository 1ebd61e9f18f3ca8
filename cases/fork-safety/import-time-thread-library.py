# ---
# id: import-time-thread-library
# title: A library imported by the main module starts a worker thread at import time
# source: 003_2ffb3f86c344afa1.txt (libraries that use threads under the hood; __main__ preloaded by the fork server)
# claim: >
#   Libraries that start threads when imported break fork at a distance: a fork
#   child gets the library's state but not its thread, so a call that hands
#   work to that thread waits forever. A child that imports the library itself
#   (spawn) has its own thread and works.
# documented:
#   fork: deadlock
#   spawn: {outcome: ok, observations: {child_has_worker: "yes"}}
# expect:
#   fork: {outcome: deadlock, observations: {child_has_worker: "no"}}
#   spawn: {outcome: ok, observations: {child_has_worker: "yes", child_result: "49"}}
#   forkserver:
#     - if: python >= 3.14
#       outcome: deadlock
#       observations: {child_has_worker: "no"}
#     - outcome: ok
#       observations: {child_has_worker: "yes", child_result: "49"}
#   default: {outcome: deadlock, observations: {child_has_worker: "no"}}
# limits:
#   timeout: 10
# tags: [fork-safety, threads, libraries, deadlock, version-dependent]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). fixtures/threaded_library.py
#   starts a daemon worker thread at import; square() hands it the work and
#   waits without a time limit. fork: on every interpreter the child reports no
#   worker thread (threading marks the copied Thread object stopped) and then
#   waits forever in square(): deadlock, found by the harness in about 1.5 s
#   (standalone: killed at 4 s every time). spawn: the child imports the library
#   again, gets its own thread, and gets 49. forkserver: ok up to 3.13.0, where
#   each child imports the main module itself; deadlock from 3.14.10, where the
#   fork server preloads the main module (see forkserver-preloads-main), so the
#   library's thread starts in the server, and its children are forks of a
#   process with a thread, missing it. That is the risk seed 003 raised about
#   the __main__ preload, measured. default: deadlock everywhere (fork up to
#   3.13, forkserver from 3.14). The documented claims hold (fork deadlocks,
#   spawn works).
# ---
import multiprocessing

import threaded_library  # fixtures/threaded_library.py: starts its thread now

from mpconform_case import observe


def use_library(results):
    results.put("yes" if threaded_library.worker_alive() else "no")
    results.put(threaded_library.square(7))  # waits on the library's thread


if __name__ == "__main__":
    results = multiprocessing.Queue()
    child = multiprocessing.Process(target=use_library, args=(results,))
    child.start()
    observe("child_has_worker", results.get(timeout=10))
    child.join()  # untimed on purpose: a child waiting for a missing thread hangs here
    observe("child_result", results.get(timeout=5))
