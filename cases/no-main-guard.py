# ---
# id: no-main-guard
# title: A process started at module level, without a main guard
# source: 004_0b6ddc07c07e6ec3.txt (Error 1, the bootstrapping RuntimeError) and 002_235a08ad9f5203d3.txt (59.8 The Main Module Rule)
# claim: >
#   Starting a process from unguarded module-level code works under fork, which
#   never re-imports the main module; a spawn child imports the main module
#   again, reaches the same start() while it is still bootstrapping, and fails
#   with the RuntimeError that asks for the main guard (rather than recursing
#   without end).
# expect:
#   fork: {outcome: ok, observations: {child_exitcode: "0", child_says: hello}}
#   spawn: {outcome: bootstrap-error, observations: {child_exitcode: "1"}}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {child_exitcode: "0", child_says: hello}
#     - if: os != "linux"
#       outcome: bootstrap-error
#       observations: {child_exitcode: "1"}
# limits:
#   timeout: 20
# tags: [main-module, bootstrap, process]
# ---
import multiprocessing

from mpconform_case import observe


def hello(results):
    results.put("hello")


# No `if __name__ == "__main__":` guard: everything below runs again wherever the
# main module is imported again (a spawn child, the fork server).
results = multiprocessing.Queue()
child = multiprocessing.Process(target=hello, args=(results,))
child.start()
# Wait for the child to end first, so a child that died while bootstrapping
# leaves main to exit 0 and its own traceback decides the outcome.
child.join(timeout=10)
observe("child_exitcode", child.exitcode)
if child.exitcode == 0:
    observe("child_says", results.get(timeout=5))
