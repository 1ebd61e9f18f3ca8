# ---
# id: queue-unpicklable-item
# title: A child puts an unpicklable object on a Queue, then a good one
# source: 002_235a08ad9f5203d3.txt (59.12 Queues); CPython docs, multiprocessing, Pipes and Queues (the feeder thread)
# claim: >
#   Queue.put() does not pickle the object itself: a background feeder thread
#   pickles and sends it later. So putting an unpicklable object raises nothing
#   in the caller; the pickling error surfaces in the feeder thread (printed to
#   stderr), the item is lost, and the items after it still arrive.
# documented:
#   all: {outcome: pickling-error, observations: {put_raised: "no"}}
# expect:
#   all: {outcome: pickling-error, observations: {put_raised: "no", first_item: after-the-bad-one, second_get: timed-out, child_exitcode: "0"}}
# limits:
#   timeout: 20
# tags: [communication, queue, pickling]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: put() of a
#   threading.Lock returns normally (put_raised=no); the child's feeder thread
#   prints the TypeError from pickling it ('cannot pickle '_thread.lock'
#   object'; 3.6 and 3.7 word it 'can't pickle _thread.lock objects') to stderr
#   and drops the item; the next item arrives first and a further
#   get(timeout=0.3) times out. The parent exits 0, so the harness classifies
#   the cell by the feeder thread's traceback, whose innermost frame is
#   multiprocessing/reduction.py: outcome pickling-error (not ok) although
#   nothing failed in any caller. 33 standalone runs per method over the 11
#   interpreters, all alike. The child waits (on an Event) until the parent has
#   read: in a first version that returned at once, 2 of 44 standalone runs
#   (fork and forkserver) lost the good item too, because a process that is
#   already exiting when its feeder thread meets the error makes the thread stop
#   altogether (queues.py checks is_exiting() in its error path), and the parent
#   hung in get(). The documented claim (put() raises nothing) holds everywhere.
#   The documented form says pickling-error because the source's point is that
#   the error is reported by the feeder thread (a pickling traceback on stderr)
#   rather than raised by put(); it holds in every cell.
# ---
import multiprocessing
import queue
import threading

from mpconform_case import observe


def put_bad_then_good(q, report, done):
    try:
        q.put(threading.Lock())  # cannot be pickled
        report.put("no")
    except Exception as error:
        report.put("yes:" + type(error).__name__)
    q.put("after-the-bad-one")
    # Stay alive until the parent has read: a process that is already exiting
    # when its feeder thread meets the error stops feeding altogether (notes).
    done.wait(timeout=10)


def main():
    q, report = multiprocessing.Queue(), multiprocessing.Queue()
    done = multiprocessing.Event()
    p = multiprocessing.Process(target=put_bad_then_good, args=(q, report, done))
    p.start()
    observe("put_raised", report.get(timeout=10))
    observe("first_item", q.get(timeout=10))
    try:
        observe("second_get", "got %r" % (q.get(timeout=0.3),))
    except queue.Empty:
        observe("second_get", "timed-out")  # the lock never arrives
    done.set()
    p.join(timeout=10)
    observe("child_exitcode", p.exitcode)


if __name__ == "__main__":
    main()
