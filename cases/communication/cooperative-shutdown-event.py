# ---
# id: cooperative-shutdown-event
# title: A worker loops until an Event is set, then cleans up and exits 0
# source: 002_235a08ad9f5203d3.txt (59.21 Termination, cooperative shutdown)
# claim: >
#   Instead of terminate(), the parent can ask a worker to stop by setting a
#   shared Event that the worker checks between units of work: the worker leaves
#   its loop, its finally block runs, and it exits normally with exitcode 0.
# documented:
#   all: {outcome: ok, observations: {cleanup_ran: "yes", child_exitcode: "0"}}
# expect:
#   all: {outcome: ok, observations: {cleanup_ran: "yes", child_exitcode: "0", did_work: "yes"}}
# limits:
#   timeout: 20
# tags: [communication, event, lifecycle]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: the worker did
#   some work, left its loop when the Event was set, its finally block reported,
#   and it exited 0 (compare terminate-skips-finally, where the same finally
#   never runs). The claim holds everywhere.
# ---
import multiprocessing

from mpconform_case import observe


def worker(stop, progress, results):
    units = 0
    try:
        while not stop.is_set():
            units += 1  # one unit of work
            if units == 1:
                progress.set()
            stop.wait(0.01)
    finally:
        results.put(("cleanup", units))


def main():
    stop, progress = multiprocessing.Event(), multiprocessing.Event()
    results = multiprocessing.Queue()
    p = multiprocessing.Process(target=worker, args=(stop, progress, results))
    p.start()
    if not progress.wait(timeout=10):
        raise RuntimeError("the worker never started working")
    stop.set()
    tag, units = results.get(timeout=10)
    p.join(timeout=10)
    observe("cleanup_ran", "yes" if tag == "cleanup" else "no")
    observe("did_work", "yes" if units > 0 else "no")
    observe("child_exitcode", p.exitcode)


if __name__ == "__main__":
    main()
