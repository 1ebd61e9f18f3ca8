# ---
# id: nested-pool-task-multiprocessing
# title: Pool.map over a function nested in another, with the standard library's multiprocessing
# source: 003_2ffb3f86c344afa1.txt (closures that spawn cannot pickle); CPython docs, multiprocessing "Programming guidelines" (picklability)
# claim: >
#   The baseline for the implementation comparison: multiprocessing pickles
#   every Pool task with the standard pickler, which refers to functions by
#   qualified name, so a function nested in another fails to pickle under
#   every start method, fork included (the pool's workers exist before the
#   task does).
# documented:
#   all: pickling-error
# expect:
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: pickling-error
#       observations: {impl_method: fork}
#     - if: os == "linux"
#       outcome: pickling-error
#       observations: {impl_method: forkserver}
#     - outcome: pickling-error
#   all: pickling-error
# limits:
#   timeout: 20
# tags: [libraries, pickling, closures, pool, impl-multiprocessing]
# notes: >
#   Measured on /usr/bin/python3 3.11.2. Standalone: fork, spawn and
#   forkserver 4/4 each exit 1 with AttributeError "Can't pickle local
#   object 'main.<locals>.square'" from multiprocessing/reduction.py (the
#   pool's task handler thread pickles the task; map() re-raises it). Under
#   the harness (`mpconform repro nested-pool-task-multiprocessing --runs
#   4`): 4/4 pickling-error under each. The same finding as
#   cases/pool/pool-map-local-function, kept here beside
#   nested-pool-task-multiprocess, -loky and -executor so the matrix shows
#   what each implementation changes.
# ---
import multiprocessing

from mpconform_case import observe


def main():
    offset = 0

    def square(x):  # nested, and closes over `offset`
        return x * x + offset

    with multiprocessing.Pool(2) as pool:
        observe("squares", pool.map(square, range(4)))


if __name__ == "__main__":
    observe("impl_method", multiprocessing.get_start_method())
    main()
