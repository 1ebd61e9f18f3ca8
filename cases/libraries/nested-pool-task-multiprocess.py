# ---
# id: nested-pool-task-multiprocess
# title: Pool.map over a function nested in another, through multiprocess (dill) instead of multiprocessing
# source: 003_2ffb3f86c344afa1.txt (dill as the common way to make more things picklable); multiprocess and dill docs (multiprocess is a fork of multiprocessing that serialises with dill)
# claim: >
#   Seed 003 suggests dill (through pathos' multiprocess) as the usual answer
#   to closures that spawn cannot pickle. multiprocess keeps multiprocessing's
#   API but pickles with dill, which serialises a nested function by value, so
#   the Pool task that fails under the standard library under every method
#   (see nested-pool-task-multiprocessing) should work under every method.
# requires: [multiprocess, dill]
# documented:
#   all: {outcome: ok, observations: {squares: "[0, 1, 4, 9]"}}
# expect:
#   fork: {outcome: ok, observations: {squares: "[0, 1, 4, 9]"}}
#   spawn: exception:TypeError
#   forkserver: exception:TypeError
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {squares: "[0, 1, 4, 9]"}
#     - outcome: exception:TypeError
# limits:
#   timeout: 20
# tags: [libraries, pickling, closures, pool, impl-multiprocess]
# notes: >
#   Measured on /usr/bin/python3 3.11.2 with Debian's python3-multiprocess
#   0.70.12.2 and python3-dill 0.3.6. Standalone: fork 4/4 ok with the
#   squares; spawn 4/4 and forkserver 4/4 exit 1 with TypeError
#   "fork_exec() takes exactly 23 arguments (21 given)" from
#   multiprocess/util.py spawnv_passfds: this multiprocess release predates
#   Python 3.11's _posixsubprocess.fork_exec signature, so it cannot start a
#   spawn or forkserver process at all on Debian 12's interpreter. Under the
#   harness (`mpconform repro nested-pool-task-multiprocess --runs 4`): fork
#   4/4 ok, spawn 4/4 and forkserver 4/4 exception:TypeError. So dill's
#   promise holds only where multiprocess can start processes: under fork,
#   where the standard library fails (nested-pool-task-multiprocessing).
# ---
import multiprocessing

import multiprocess

from mpconform_case import observe


def main():
    offset = 0

    def square(x):  # nested, and closes over `offset`
        return x * x + offset

    with multiprocess.Pool(2) as pool:
        observe("squares", pool.map(square, range(4)))


if __name__ == "__main__":
    # The harness (or MPCONFORM_START_METHOD) chose the standard library's method;
    # multiprocess has its own context, so give it the same one.
    multiprocess.set_start_method(multiprocessing.get_start_method(), force=True)
    observe("impl_method", multiprocess.get_start_method())
    main()
