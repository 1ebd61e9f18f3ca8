# ---
# id: global-set-in-main-guard
# title: A module global reassigned inside the main guard, read by the child
# source: 002_235a08ad9f5203d3.txt (59.5, 59.6, 59.8) and 001_ddb8eec4bcf715dc.txt (what spawn sends the child)
# claim: >
#   A fork child starts as a copy of the parent, so it sees a global as the parent
#   last set it; a spawn child is a fresh interpreter that imports the main module
#   again (without running the main guard) and receives only the pickled target
#   and arguments, so it sees the value the global had at import time.
#   forkserver children, like spawn children, get the main module by a fresh
#   import, so they see the import-time value too.
# documented:
#   fork: {outcome: ok, observations: {child_sees: parent-value}}
#   spawn: {outcome: ok, observations: {child_sees: import-time}}
# expect:
#   fork: {outcome: ok, observations: {child_sees: parent-value}}
#   spawn: {outcome: ok, observations: {child_sees: import-time}}
#   forkserver: {outcome: ok, observations: {child_sees: import-time}}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {child_sees: parent-value}
#     - outcome: ok
#       observations: {child_sees: import-time}
# limits:
#   timeout: 20
# tags: [globals, main-module, process]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0, stdout and stderr to pipes), 5 runs per method: fork 5/5
#   child_sees=parent-value; spawn 5/5 and forkserver 5/5
#   child_sees=import-time; default 5/5 as fork; all ok, 0.1 to 0.4 s. Same on
#   pyenv 3.6.15 to 3.13.0 (1 run per method each), and with the method set in
#   the main process only (runpy launcher). forkserver up to 3.13.0 does not
#   really preload __main__ (its preload asks for a 'main_path' key that spawn's
#   preparation data never has, CPython gh-126631), so each forkserver child
#   imports the main module itself, like spawn. With that fixed (3.14, and late
#   3.13 patch releases) the server imports it once, still without running the
#   guard: on the Debian sid builds 3.14.10 and 3.15.2
#   (~/.cache/debian-sid-pythons), 3 runs per method, forkserver and default
#   (now forkserver) both give import-time, fork parent-value.
# ---
import multiprocessing

from mpconform_case import observe

# The value every fresh import of this module sees.
SETTING = "import-time"


def report(results):
    results.put(SETTING)


if __name__ == "__main__":
    # Only the original process runs this block, so only it (and copies made of
    # it by fork) has the new value.
    SETTING = "parent-value"
    results = multiprocessing.Queue()
    child = multiprocessing.Process(target=report, args=(results,))
    child.start()
    observe("child_sees", results.get(timeout=5))
    child.join(timeout=5)
