# ---
# id: global-set-in-main-guard
# title: A module global reassigned inside the main guard, read by the child
# source: 002_235a08ad9f5203d3.txt (59.5, 59.6, 59.8) and 001_ddb8eec4bcf715dc.txt (what spawn sends the child)
# claim: >
#   A fork child starts as a copy of the parent, so it sees a global as the parent
#   last set it; a spawn child is a fresh interpreter that imports the main module
#   again (without running the main guard) and receives only the pickled target
#   and arguments, so it sees the value the global had at import time. forkserver
#   children come from a server that imported the main module the same way.
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
