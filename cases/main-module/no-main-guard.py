# ---
# id: no-main-guard
# title: A process started at module level, without a main guard
# source: 004_0b6ddc07c07e6ec3.txt (Error 1, the bootstrapping RuntimeError) and 002_235a08ad9f5203d3.txt (59.8 The Main Module Rule)
# claim: >
#   Starting a process from unguarded module-level code works under fork, which
#   never re-imports the main module; a spawn child imports the main module
#   again, reaches the same start() while it is still bootstrapping, and fails
#   with the RuntimeError that asks for the main guard (rather than recursing
#   without end). forkserver children re-import the main module too.
# documented:
#   fork: ok
#   spawn: bootstrap-error
# expect:
#   fork: {outcome: ok, observations: {child_exitcode: "0", child_says: hello}}
#   spawn: {outcome: bootstrap-error, observations: {child_exitcode: "1"}}
#   forkserver:
#     - if: python < 3.7
#       outcome: bootstrap-error
#       observations: {child_exitcode: "255"}
#     - if: python >= 3.14 and python < 3.15
#       outcome: bootstrap-error
#     - outcome: bootstrap-error
#       observations: {child_exitcode: "1"}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {child_exitcode: "0", child_says: hello}
#     - if: os == "linux" and python < 3.15
#       outcome: bootstrap-error
#     - outcome: bootstrap-error
#       observations: {child_exitcode: "1"}
# limits:
#   timeout: 20
# tags: [main-module, bootstrap, process]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0, stdout and stderr to pipes), 10 runs per method: fork
#   10/10 ok (child_says=hello, ~0.1 s); spawn 10/10 and forkserver 10/10 the
#   child prints the bootstrapping RuntimeError (raised by
#   spawn._check_not_importing_main inside the child's re-import of the main
#   module) and exits 1 while the parent exits 0 (~0.2 s); default 10/10 as
#   fork. No recursion: the check stops the first re-import. The parent joins
#   before it reads the queue, so it exits 0 and the child's traceback decides.
#   Same on pyenv 3.7.16 to 3.13.0; on 3.6.15 the forkserver child's exit code
#   reads 255 (3.6 reports forkserver children's status that way, see also the
#   print-* cases). The seeds tie the error to spawn; forkserver gives it too,
#   because up to 3.13.0 its server never preloads __main__ (CPython gh-126631),
#   so each forkserver child re-imports the main module just as a spawn child
#   does. 3.14 fixed that preload, so this module's code runs inside the fork
#   server itself, whose own start method is forkserver (3.14's default): the
#   server dies of the same RuntimeError while preloading, and the parent's
#   start() raises ConnectionResetError in the authentication handshake with the
#   dead server. Measured with the Debian sid build 3.14.10
#   (~/.cache/debian-sid-pythons): forkserver 10/10 and default 10/10
#   ConnectionResetError, exit 1, standalone, and 5/5 each with the method set
#   in the main process only. The outcome is the root cause, bootstrap-error
#   (the fork server's traceback); the main process's ConnectionResetError is
#   its consequence, kept in evidence.root_cause and evidence.exception (the
#   root-cause rule, reports/results-schema.md). Under the harness, 3.14.10
#   forkserver and default 5/5 bootstrap-error, root_cause "the fork server".
#   3.15.2 catches errors while preloading __main__
#   (the server carries on), so there the child fails as on 3.11: forkserver and
#   default 10/10 bootstrap-error. Late 3.13 patch releases carry the preload
#   fix too (not measured here; 3.13.0 does not).
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
