# ---
# id: pool-unpicklable-result
# title: A Pool task returns an object that cannot be pickled
# source: 002_235a08ad9f5203d3.txt (59.9 Pickling and Process Boundaries)
# claim: >
#   What a pool task returns travels back to the parent by pickle, so it must be
#   picklable: a task returning a lock never delivers its result; the parent gets
#   an error in its place.
# documented:
#   all: {outcome: ok, observations: {result_arrived: "no"}}
# expect:
#   all: {outcome: ok, observations: {result_arrived: "no", error_class: MaybeEncodingError, pool_usable_after: "yes"}}
# limits:
#   timeout: 20
# tags: [pool, pickling]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: map() raises
#   multiprocessing.pool.MaybeEncodingError ('Error sending result: ...',
#   wrapping the worker's TypeError about pickling a _thread.lock) in place of
#   the result, and the pool still works afterwards (the worker catches the
#   error and reports it instead of dying). The case catches the error, so the
#   outcome is ok; error_class records the class. The claim holds everywhere.
# ---
import multiprocessing
import threading

from mpconform_case import observe


def make_lock(_):
    return threading.Lock()  # a lock cannot be pickled


def double(x):
    return 2 * x


def main():
    with multiprocessing.Pool(1) as pool:
        try:
            pool.map(make_lock, [0])
            observe("result_arrived", "yes")
            observe("error_class", "none")
        except Exception as error:
            observe("result_arrived", "no")
            observe("error_class", type(error).__name__)
        # The worker reported the failure instead of dying: the pool still works.
        observe("pool_usable_after", "yes" if pool.map(double, [1, 2]) == [2, 4] else "no")


if __name__ == "__main__":
    main()
