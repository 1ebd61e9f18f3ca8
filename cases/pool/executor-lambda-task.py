# ---
# id: executor-lambda-task
# title: ProcessPoolExecutor.submit() with a lambda
# source: 002_235a08ad9f5203d3.txt (59.32 Relationship to concurrent.futures, 59.9 Pickling and Process Boundaries)
# claim: >
#   ProcessPoolExecutor has the same constraints as a Pool: the callable of every
#   task must be picklable, so a lambda cannot be submitted under any start
#   method, fork included (the workers already exist and receive tasks through a
#   queue).
# documented:
#   all: pickling-error
# expect:
#   forkserver:
#     - if: python < 3.7
#       outcome: timeout
#     - outcome: pickling-error
#       observations: {error_class: PicklingError}
#   all:
#     - if: python < 3.7
#       outcome: deadlock
#     - outcome: pickling-error
#       observations: {error_class: PicklingError}
# limits:
#   timeout: 4
# tags: [pool, executor, pickling, lambda]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). From 3.7 on, every cell:
#   future.result() raises the PicklingError ('attribute lookup <lambda> on
#   __main__ failed'; 3.14+ words it 'it's not found as __main__.<lambda>'),
#   fork included: the executor pickles every call item for its call queue. On
#   3.6.15 the pickling error happens in the call queue's feeder thread, which
#   prints it and drops the item; the future never completes and the program
#   hangs for good (the executor's own shutdown waits for the lost item too).
#   That is why result() has no timeout here: the hang is the 3.6 behaviour, and
#   the harness judges it. By hand 3.6 hung under every method (killed at 10 s).
#   Under the harness fork, spawn and default end as deadlock after about 1.5 s;
#   forkserver ends as timeout at the case's 4 s limit, because the harness's
#   hang detector counts the 3.6 fork server's epoll wait (select with no
#   timeout, through selectors.EpollSelector) as progress (a harness limitation,
#   reported; 3.7+ servers are not involved since nothing hangs). 3.7 added
#   _SafeQueue, which fails the future instead. The claim holds from 3.7 on.
# ---
import concurrent.futures

from mpconform_case import observe

square = lambda x: x * x  # noqa: E731 (the point: a lambda has no importable name)


def main():
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as executor:
        future = executor.submit(square, 3)
        try:
            observe("result", future.result())  # untimed: see notes
        except Exception as error:
            observe("error_class", type(error).__name__)
            raise


if __name__ == "__main__":
    main()
