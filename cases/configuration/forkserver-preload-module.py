# ---
# id: forkserver-preload-module
# title: set_forkserver_preload() imports a module once, in the fork server
# source: 003_2ffb3f86c344afa1.txt (the forkserver preload edge cases); CPython docs, multiprocessing, set_forkserver_preload
# claim: >
#   set_forkserver_preload() names modules the fork server imports before it
#   forks any child, so forkserver children find them already imported (by the
#   server) instead of importing them themselves. It changes nothing for the
#   other start methods: there each child that needs the module imports it
#   (the parent here never does).
# documented:
#   forkserver: {outcome: ok, observations: {module_imported_in: forkserver-process}}
# expect:
#   fork: {outcome: ok, observations: {module_imported_in: self}}
#   spawn: {outcome: ok, observations: {module_imported_in: self}}
#   forkserver: {outcome: ok, observations: {module_imported_in: forkserver-process}}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {module_imported_in: self}
#     - outcome: ok
#       observations: {module_imported_in: forkserver-process}
# limits:
#   timeout: 20
# tags: [configuration, forkserver, preload]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). The parent never imports
#   fixtures/preload_probe.py; the child imports it and asks who did.
#   forkserver: the fork server (the child's own parent, not the case's) on
#   every interpreter from 3.6.15 to 3.15.2, so the documented claim holds. fork
#   and spawn: the child itself (set_forkserver_preload changes nothing for
#   them). default: like fork up to 3.13, like forkserver from 3.14.
# ---
import multiprocessing
import os
import sys

from mpconform_case import observe


def report(results, parent_pid):
    import preload_probe  # fixtures/preload_probe.py

    results.put(preload_probe.where_imported(parent_pid))


def main():
    # Before the first process starts, as the fork server starts with it.
    multiprocessing.set_forkserver_preload(["preload_probe"])
    assert "preload_probe" not in sys.modules  # the parent never imports it
    results = multiprocessing.Queue()
    p = multiprocessing.Process(target=report, args=(results, os.getpid()))
    p.start()
    observe("module_imported_in", results.get(timeout=10))
    p.join(timeout=10)


if __name__ == "__main__":
    main()
