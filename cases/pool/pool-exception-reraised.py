# ---
# id: pool-exception-reraised
# title: A Pool task raises; the parent's map() and get() re-raise it
# source: 002_235a08ad9f5203d3.txt (59.23 Exceptions in Pools)
# claim: >
#   An exception raised by a task in a pool worker is carried back to the parent
#   and raised there again, with its own class: by map(), and by get() on the
#   result of apply_async(). Left uncaught it ends the parent like any other
#   exception of the parent's own.
# documented:
#   all: {outcome: "exception:ValueError", observations: {apply_async_get_raises: ValueError}}
# expect:
#   all: {outcome: "exception:ValueError", observations: {apply_async_get_raises: ValueError, pool_worker_alive_after: "yes"}}
# limits:
#   timeout: 20
# tags: [pool, exceptions]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell:
#   apply_async(...).get() raises ValueError, the worker that raised serves the
#   next task, and map() raises ValueError out of main (exit 1), so the outcome
#   is exception:ValueError. Which input's error map() raises varies (1 or 3,
#   whichever chunk fails first) but the class does not. The claim holds
#   everywhere.
# ---
import multiprocessing

from mpconform_case import observe


def fail_on_odd(x):
    if x % 2:
        raise ValueError("odd input %d" % x)
    return x


def main():
    with multiprocessing.Pool(2) as pool:
        try:
            pool.apply_async(fail_on_odd, (1,)).get(timeout=10)
            observe("apply_async_get_raises", "nothing")
        except Exception as error:
            observe("apply_async_get_raises", type(error).__name__)
        # The worker that raised is still there and serves the next task.
        observe("pool_worker_alive_after",
                "yes" if pool.apply_async(fail_on_odd, (2,)).get(timeout=10) == 2 else "no")
        # Uncaught on purpose: map() raises the first failing task's exception.
        pool.map(fail_on_odd, range(4))


if __name__ == "__main__":
    main()
