# ---
# id: forkserver-preloads-main
# title: Does the fork server import the main module before forking children?
# source: 003_2ffb3f86c344afa1.txt (the forkserver preload edge cases, __main__ always preloaded)
# claim: >
#   The fork server preloads the main module by default, so a forkserver child
#   finds __main__ already imported, by the server, rather than importing it
#   itself as a spawn child does. A fork child needs no import: it has the
#   parent's.
# documented:
#   forkserver: {outcome: ok, observations: {main_imported_in: forkserver-process}}
# expect:
#   fork: {outcome: ok, observations: {main_imported_in: parent}}
#   spawn: {outcome: ok, observations: {main_imported_in: self}}
#   forkserver:
#     - if: python >= 3.14
#       outcome: ok
#       observations: {main_imported_in: forkserver-process}
#     - outcome: ok
#       observations: {main_imported_in: self}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {main_imported_in: parent}
#     - outcome: ok
#       observations: {main_imported_in: forkserver-process}
# limits:
#   timeout: 20
# tags: [configuration, forkserver, preload, main-module, version-dependent]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). The main module records at
#   import time which process imported it. fork: the parent (the child is a
#   copy). spawn: the child itself. forkserver: the child itself up to 3.13.0
#   and the fork server from 3.14.10: before 3.14 the server's preload of
#   __main__ looks for a 'main_path' key that spawn's preparation data never has
#   (CPython gh-126631), so nothing is preloaded and each child imports the main
#   module as a spawn child would; late 3.13 patch releases carry the fix (not
#   measured here). So seed 003's statement that __main__ is always preloaded
#   does not hold up to 3.13.0. default: like fork up to 3.13, like forkserver
#   from 3.14. See import-time-thread-library for what the preload does to a
#   main module that starts a thread.
# ---
import multiprocessing
import os

from mpconform_case import observe

# Runs wherever this module is imported: the parent, a spawn child, the server.
IMPORTED_IN_PID = os.getpid()


def report(results, parent_pid):
    if IMPORTED_IN_PID == os.getpid():
        where = "self"
    elif IMPORTED_IN_PID == parent_pid:
        where = "parent"
    elif IMPORTED_IN_PID == os.getppid():
        where = "forkserver-process"
    else:
        where = "other"
    results.put(where)


if __name__ == "__main__":
    results = multiprocessing.Queue()
    p = multiprocessing.Process(target=report, args=(results, os.getpid()))
    p.start()
    observe("main_imported_in", results.get(timeout=10))
    p.join(timeout=10)
