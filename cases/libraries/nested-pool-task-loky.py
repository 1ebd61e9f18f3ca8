# ---
# id: nested-pool-task-loky
# title: An executor's map over a function nested in another, through loky (cloudpickle), as joblib uses it
# source: 003_2ffb3f86c344afa1.txt (making more things picklable as the remedy for spawn's pickling errors); joblib docs, "Embarrassingly parallel for loops" (loky backend, cloudpickle); loky docs (get_reusable_executor, context)
# claim: >
#   loky, joblib's process backend, serialises tasks with cloudpickle, which
#   pickles a nested function by value, so the task the standard library
#   cannot pickle runs under any start method it accepts; its workers are
#   started with the method the case is given.
# requires: [joblib, cloudpickle]
# documented:
#   spawn: {outcome: ok, observations: {squares: "[0, 1, 4, 9]"}}
#   forkserver: {outcome: ok, observations: {squares: "[0, 1, 4, 9]"}}
# expect:
#   fork: exception:ValueError
#   spawn: {outcome: ok, observations: {squares: "[0, 1, 4, 9]"}}
#   forkserver: {outcome: ok, observations: {squares: "[0, 1, 4, 9]"}}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: exception:ValueError
#     - outcome: ok
#       observations: {squares: "[0, 1, 4, 9]"}
# limits:
#   timeout: 20
# tags: [libraries, pickling, closures, pool, impl-loky]
# notes: >
#   Measured on /usr/bin/python3 3.11.2 with Debian's python3-joblib 1.2.0
#   (its vendored loky) and python3-cloudpickle 2.2.0. Standalone: fork 4/4
#   exit 1 with ValueError "Cannot use reusable executor with the 'fork'
#   context" (loky refuses fork for its reusable executor); spawn 4/4 and
#   forkserver 4/4 ok with the squares. Under the harness (`mpconform repro
#   nested-pool-task-loky --runs 4`): fork 4/4 exception:ValueError, spawn
#   4/4 and forkserver 4/4 ok. This case passes the
#   harness's method through, so the report shows what loky does with each
#   (its own default context, `loky`, was not measured here).
# ---
import multiprocessing

from joblib.externals.loky import get_reusable_executor

from mpconform_case import observe


def main(method):
    offset = 0

    def square(x):  # nested, and closes over `offset`
        return x * x + offset

    executor = get_reusable_executor(max_workers=2, context=method)
    observe("squares", list(executor.map(square, range(4))))
    executor.shutdown(wait=True)


if __name__ == "__main__":
    method = multiprocessing.get_start_method()  # what the harness chose
    observe("impl_method", method)
    main(method)
