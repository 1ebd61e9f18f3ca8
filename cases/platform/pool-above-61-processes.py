# ---
# id: pool-above-61-processes
# title: A Pool of 64 processes, as os.cpu_count() gives on a large machine (Windows before 3.13)
# source: CPython Lib/multiprocessing/pool.py (Pool._wait_for_updates, _terminate_pool); Lib/multiprocessing/connection.py (_exhaustive_wait, batched from 3.13); Modules/_winapi.c (WaitForMultipleObjects); python/cpython gh-89240, gh-94243
# claim: >
#   A Pool's worker-handler thread waits on every worker's sentinel at once. On
#   Windows before 3.13 that wait went to one WaitForMultipleObjects call, which
#   takes at most 63 handles, and the thread waits on two pipes beside the workers:
#   with more than 60 processes the thread dies with
#   ValueError, the map still completes, and the pool hangs when it is shut down
#   (the task handler is never told to stop). 3.13 batches the wait.
# expect:
#   all:
#     - if: os == "windows" and python < 3.13
#       outcome: [timeout, deadlock]
#     - outcome: ok
#       observations: {total: "16256"}
# limits:
#   timeout: 30
#   processes: 100
# tags: [platform, pool, os-lens, slow]
# notes: >
#   Measured on Linux (3.11, 3.13): ok under every method (64 workers started).
#   Under `--os windows` on 3.11 the windows-wait-handles rule raises CPython's
#   ValueError ("need at most 63 handles, got a sequence of length 66": 64
#   workers and two pipes) in the worker handler, the map completes, and the
#   with-block's terminate() waits for the task handler for ever: measured as
#   timeout (the probe does not call it a deadlock; deadlock is allowed too). On
#   3.13 the rule does not apply. A spawn cell starts 64 interpreters: about 10 s
#   on two busy cores, hence the 30 s limit.
# ---
import multiprocessing

from mpconform_case import observe


def double(x):
    return 2 * x


def main():
    with multiprocessing.Pool(processes=64) as pool:
        observe("total", sum(pool.map(double, range(128))))


if __name__ == "__main__":
    main()
