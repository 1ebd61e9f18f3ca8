# ---
# id: shared-value-array-lock
# title: Two children increment a shared Value and Array under their locks
# source: 002_235a08ad9f5203d3.txt (59.16 Shared Values and Arrays)
# claim: >
#   Value and Array live in shared memory, so every child's change is seen by
#   the parent; by default each carries a lock (get_lock()), and increments
#   made while holding it are never lost, so two children adding 100 each give
#   exactly 200. Created with lock=False they are raw shared memory with no lock
#   at all.
# documented:
#   all: {outcome: ok, observations: {value_total: "200"}}
# expect:
#   all: {outcome: ok, observations: {value_total: "200", array_totals: "[200, 400]", raw_value_has_lock: "no"}}
# limits:
#   timeout: 20
# tags: [communication, shared-memory, locks]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Two children each add 1 a
#   hundred times under get_lock() to a Value and to both items of an Array (by
#   1 and 2). Every cell: value_total=200, array_totals=[200, 400], and a Value
#   made with lock=False has no get_lock. The book's claim (shared, needs its
#   lock) holds everywhere; the lost updates of unlocked increments are a race,
#   so not measured here.
# ---
import multiprocessing

from mpconform_case import observe

N_CHILDREN = 2
N_INCREMENTS = 100


def add(counter, pair):
    for _ in range(N_INCREMENTS):
        with counter.get_lock():  # += is a read then a write: needs the lock
            counter.value += 1
        with pair.get_lock():
            pair[0] += 1
            pair[1] += 2


def main():
    counter = multiprocessing.Value("i", 0)
    pair = multiprocessing.Array("i", [0, 0])
    children = [multiprocessing.Process(target=add, args=(counter, pair)) for _ in range(N_CHILDREN)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=10)
    observe("value_total", counter.value)
    observe("array_totals", list(pair))
    raw = multiprocessing.Value("i", 0, lock=False)
    observe("raw_value_has_lock", "yes" if hasattr(raw, "get_lock") else "no")


if __name__ == "__main__":
    main()
