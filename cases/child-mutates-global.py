# ---
# id: child-mutates-global
# title: A child appends to a module-level list; the parent's list is unchanged
# source: 002_235a08ad9f5203d3.txt (59.2 Process Isolation)
# claim: >
#   Processes do not share ordinary Python objects: a child that appends to a
#   module-level list changes only its own copy (fork) or its own freshly
#   imported list (spawn, forkserver); the parent's list stays empty.
# expect:
#   all: {outcome: ok, observations: {child_sees: added-by-child, parent_sees: empty}}
# limits:
#   timeout: 20
# tags: [globals, isolation, process]
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
