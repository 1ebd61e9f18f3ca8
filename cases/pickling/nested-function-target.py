# ---
# id: nested-function-target
# title: Nested producer/consumer functions as Process targets
# source: 000_5d99f4b9d20b599b.txt (the producer/consumer example and why it fails on macOS)
# claim: >
#   A producer and consumers whose target functions are defined inside another
#   function run fine under fork, where the child is a copy of the parent and the
#   target is never pickled; under spawn (and likewise forkserver) the target must
#   be pickled by its qualified name, which a function local to another function
#   does not have, so starting the process fails.
# documented:
#   fork: {outcome: ok, observations: {squares: "[0, 1, 4, 9, 16, 25]"}}
#   spawn: pickling-error
#   default:
#     - if: os == "linux"
#       outcome: ok
#       observations: {squares: "[0, 1, 4, 9, 16, 25]"}
#     - outcome: pickling-error
# expect:
#   fork: {outcome: ok, observations: {squares: "[0, 1, 4, 9, 16, 25]"}}
#   spawn: pickling-error
#   forkserver: pickling-error
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {squares: "[0, 1, 4, 9, 16, 25]"}
#     - outcome: pickling-error
# limits:
#   timeout: 20
# tags: [pickling, closures, queue, process]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0, stdout and stderr to pipes), 5 runs per method: fork 5/5
#   ok with the six squares (~0.15 s); spawn 5/5 and forkserver 5/5
#   AttributeError "Can't pickle local object 'run_pipeline.<locals>.producer'"
#   raised by the parent's first start(), innermost frame
#   multiprocessing/reduction.py dump() (exit 1, ~0.11 s); default 5/5 as fork.
#   Same on the pyenv builds 3.6.15 to 3.13.0 (1 run per method each). On the
#   Debian sid builds 3.14.10 and 3.15.2 (~/.cache/debian-sid-pythons), 3 runs
#   per method, the error is a PicklingError and default follows forkserver (3/3
#   pickling-error); either class is pickling-error. Also the same with the
#   method set in the main process only (a runpy launcher, no sitecustomize in
#   any child). The seed's copy-on-write explanation is right in effect: under
#   fork nothing about the target is pickled, only the queues' fds are
#   inherited. Claims view: the seed's fork and spawn claims hold on every
#   interpreter; its statement that Linux (Ubuntu) defaults to fork, documented
#   as the default cell working on Linux, holds up to 3.13 and not on 3.14.10
#   and 3.15.2, whose default (forkserver) fails to pickle the targets.
# ---
import multiprocessing

from mpconform_case import observe

N_ITEMS = 6
N_CONSUMERS = 2


def run_pipeline():
    # Both targets are locals of run_pipeline(): fork hands the child these very
    # function objects, while spawn/forkserver must pickle them by qualified name.
    def producer(inbox):
        for i in range(N_ITEMS):
            inbox.put(i)
        for _ in range(N_CONSUMERS):
            inbox.put(None)  # one stop marker per consumer

    def consumer(inbox, outbox):
        while True:
            item = inbox.get(timeout=5)  # bounded: a lost producer must not hang us
            if item is None:
                return
            outbox.put(item * item)

    inbox = multiprocessing.Queue()
    outbox = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=producer, args=(inbox,))]
    procs += [multiprocessing.Process(target=consumer, args=(inbox, outbox))
              for _ in range(N_CONSUMERS)]
    for p in procs:
        p.start()  # spawn/forkserver: the first start() raises while pickling

    squares = sorted(outbox.get(timeout=5) for _ in range(N_ITEMS))
    for p in procs:
        p.join(timeout=5)
    observe("squares", squares)


if __name__ == "__main__":
    run_pipeline()
