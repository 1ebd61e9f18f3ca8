# ---
# id: progress_reporter
# title: A progress thread writes to stderr while worker processes start
# source: a user's program
# claim: the workers start and the program prints its count
# expect:
#   all: ok
# ---
# A user's own case, as `run --cases-dir` gets one: what it should do (ok) and
# nothing more, no tags, so nothing tells the harness that it can hang by a race.
# (bench/run_fidelity.py and integration/races_from_evidence run it; the harness must find the race from the at-fork
# evidence and run its cells alone.)
import argparse
import multiprocessing as mp
import sys
import threading
import time


def report_progress(started, stop):
    # A status line on stderr as often as it can while the workers start, as a
    # spinner does.
    ticks = 0
    while not stop.is_set() and ticks < 100000:
        ticks += 1
        sys.stderr.write("starting workers (%d ticks)\n" % ticks)
        started.set()


def work(n, done):
    sys.stderr.write("worker %d starting\n" % n)
    with done.get_lock():
        done.value += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    done = mp.Value("i", 0)
    started, stop = threading.Event(), threading.Event()
    reporter = threading.Thread(target=report_progress, args=(started, stop), name="progress")
    reporter.start()
    started.wait(5)
    t0 = time.monotonic()
    workers = [mp.Process(target=work, args=(n, done)) for n in range(args.workers)]
    for w in workers:
        w.start()
    stop.set()
    reporter.join()
    for w in workers:
        w.join()
    print("done: %d items in %.2f s" % (done.value, time.monotonic() - t0))


if __name__ == "__main__":
    main()
