# ---
# id: child-mutates-global
# title: A child appends to a module-level list; the parent's list is unchanged
# source: 002_235a08ad9f5203d3.txt (59.2 Process Isolation)
# claim: >
#   Processes do not share ordinary Python objects: a child that appends to a
#   module-level list changes only its own copy (fork) or its own freshly
#   imported list (spawn, forkserver); the parent's list stays empty.
# documented:
#   all: {outcome: ok, observations: {child_sees: added-by-child, parent_sees: empty}}
# expect:
#   all: {outcome: ok, observations: {child_sees: added-by-child, parent_sees: empty}}
# limits:
#   timeout: 20
# tags: [globals, isolation, process]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0, stdout and stderr to pipes), 5 runs per method: every
#   method 5/5 ok with child_sees=added-by-child and parent_sees=empty (0.1 to
#   0.25 s). Same on pyenv 3.6.15 to 3.13.0 (1 run per method each), on the
#   Debian sid builds 3.14.10 and 3.15.2 (~/.cache/debian-sid-pythons) (3 runs
#   per method) and with the method set in the main process only. The claim
#   holds under every start method; only the reason differs (a private copy
#   under fork, a separately imported list under spawn/forkserver).
# ---
import multiprocessing

from mpconform_case import observe

RECORDS = []


def describe(items):
    return ",".join(items) if items else "empty"


def add_record(results):
    RECORDS.append("added-by-child")
    results.put(describe(RECORDS))


if __name__ == "__main__":
    results = multiprocessing.Queue()
    child = multiprocessing.Process(target=add_record, args=(results,))
    child.start()
    observe("child_sees", results.get(timeout=5))
    child.join(timeout=5)
    # Read after the child has finished: nothing it did can still be in flight.
    observe("parent_sees", describe(RECORDS))
