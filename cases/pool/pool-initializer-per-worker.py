# ---
# id: pool-initializer-per-worker
# title: A Pool initializer sets a module global in each worker, not in the parent
# source: 002_235a08ad9f5203d3.txt (59.24 Initializers)
# claim: >
#   The initializer runs once in every worker process as it starts; the global it
#   sets is seen by every task that worker runs, and only there: the parent's
#   copy of the global is untouched.
# documented:
#   all: {outcome: ok, observations: {results: "[11, 12, 13]", parent_state: None}}
# expect:
#   all: {outcome: ok, observations: {results: "[11, 12, 13]", parent_state: None, init_runs_per_worker: "1"}}
# limits:
#   timeout: 20
# tags: [pool, globals, initializer]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: results=[11, 12,
#   13], every worker's initializer ran exactly once (asked through 8 one-item
#   tasks), and the parent's _state is still None. The claim holds everywhere;
#   under fork the workers start as copies of the parent, so the initializer,
#   not inheritance, is what sets the value.
# ---
import multiprocessing

from mpconform_case import observe

_state = None
_init_runs = 0


def init_worker(value):
    global _state, _init_runs
    _state = value
    _init_runs += 1


def work(x):
    return _state + x


def init_runs(_):
    return _init_runs


def main():
    with multiprocessing.Pool(2, initializer=init_worker, initargs=(10,)) as pool:
        observe("results", pool.map(work, [1, 2, 3]))
        # Ask every task how often its worker's initializer ran: always once.
        runs = set(pool.map(init_runs, range(8), chunksize=1))
    observe("init_runs_per_worker", ",".join(str(r) for r in sorted(runs)))
    observe("parent_state", _state)


if __name__ == "__main__":
    main()
