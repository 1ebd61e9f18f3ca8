# ---
# id: nested-pool-task-executor
# title: ProcessPoolExecutor.map over a function nested in another
# source: 003_2ffb3f86c344afa1.txt (closures that spawn cannot pickle); CPython docs, concurrent.futures "ProcessPoolExecutor" (callables and arguments must be picklable)
# claim: >
#   concurrent.futures.ProcessPoolExecutor runs on multiprocessing and pickles
#   each call with the standard pickler, so it fails as the standard Pool
#   does: a nested function cannot be pickled under any start method.
# documented:
#   all: pickling-error
# expect:
#   fork:
#     - if: python < 3.9
#       outcome: [deadlock, pickling-error]
#     - outcome: [pickling-error, deadlock]
#   spawn: [pickling-error, deadlock]
#   forkserver:
#     - if: python < 3.8
#       outcome: [timeout, pickling-error]
#     - outcome: [pickling-error, deadlock]
#   default:
#     - if: os == "linux" and python < 3.9
#       outcome: [deadlock, pickling-error]
#     - outcome: [pickling-error, deadlock]
# limits:
#   timeout: 20
# tags: [libraries, pickling, closures, pool, executor, impl-concurrent-futures, intermittent]
# notes: >
#   Measured on /usr/bin/python3 3.11.2. Standalone (still running after 10 s
#   counted as hung): fork 4/4 exit 1 with AttributeError "Can't pickle local
#   object" from multiprocessing/reduction.py in the queue feeder thread;
#   spawn 6/8 the same, 2/8 hung; forkserver 6/8 the same, 2/8 hung. Under the
#   harness (`mpconform repro nested-pool-task-executor --runs 8`): fork 4/4
#   pickling-error; spawn 4/8 pickling-error, 4/8 deadlock; forkserver 7/8
#   pickling-error, 1/8 deadlock. In the hung runs the exception never leaves
#   the with-block: its __exit__ calls shutdown(wait=True), which joins the
#   executor's manager thread while that waits (poll without timeout) for
#   results from workers that wait on the call queue's lock or read; the
#   feeder thread that failed to pickle is idle. Under fork the workers exist
#   before the task and the failure comes back at once. So the claim holds,
#   and under spawn and forkserver the pickling error can also leave the
#   program hung in shutdown. Other interpreters (pyenv), `mpconform repro
#   --runs 4`: fork deadlock 4/4 on 3.6.15 and 3.8.18, 3/4 on 3.7.16 (1/4
#   pickling-error), pickling-error 4/4 on 3.9.18; forkserver timeout 4/4 on
#   3.6.15 and 3/4 on 3.7.16 (a timed wait keeps the tree moving), deadlock
#   4/4 on 3.8.18, 2/4 on 3.9.18; one `run` each: spawn deadlock on 3.6 to
#   3.9, fork and spawn pickling-error on 3.10 to 3.13.
#   On 3.11 fork hangs too, rarely: one deadlock (in the executor's
#   shutdown) in a README first-command run in a fresh minbase chroot, so
#   fork is [pickling-error, deadlock] there as well, and so is default (fork
#   on Linux before 3.14): a CI run's plain-python check saw default hang on
#   one interpreter where the harness saw pickling-error.
# ---
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from mpconform_case import observe


def main():
    offset = 0

    def square(x):  # nested, and closes over `offset`
        return x * x + offset

    # The default context: the method the harness chose.
    with ProcessPoolExecutor(max_workers=2) as executor:
        observe("squares", list(executor.map(square, range(4))))


if __name__ == "__main__":
    observe("impl_method", multiprocessing.get_start_method())
    main()
