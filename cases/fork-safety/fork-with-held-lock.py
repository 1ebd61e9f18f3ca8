# ---
# id: fork-with-held-lock
# title: Starting a process while another thread holds a lock the target needs
# source: 003_2ffb3f86c344afa1.txt (why fork without exec is broken with threads) and 002_235a08ad9f5203d3.txt (59.5 fork, risks)
# claim: >
#   fork copies only the calling thread, but copies every lock in the state it
#   was in: a lock held by another thread at the moment of fork stays held in
#   the child forever, so a child that needs it blocks for good (and a parent
#   that joins it blocks too). spawn and forkserver children build their locks
#   afresh by importing the main module, so the same program completes.
# documented:
#   fork: deadlock
#   spawn: {outcome: ok, observations: {child_got_lock: "yes"}}
#   forkserver: {outcome: ok, observations: {child_got_lock: "yes"}}
# expect:
#   fork: deadlock
#   spawn: {outcome: ok, observations: {child_got_lock: "yes"}}
#   forkserver: {outcome: ok, observations: {child_got_lock: "yes"}}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: deadlock
#     - outcome: ok
#       observations: {child_got_lock: "yes"}
# limits:
#   timeout: 30
# tags: [fork-safety, threads, locks, deadlock]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0, stdout and stderr to pipes): fork 15/15 hung until killed
#   (5 runs with a 5 s and 10 with a 4 s limit, plus one with timeout 20 -> exit
#   124); spawn 15/15 and forkserver 15/15 ok, child_got_lock=yes, 0.4 to 0.7 s;
#   default 15/15 as fork. In a hung run (/proc/PID/task/*/syscall and wchan):
#   the child's only thread waits in futex (syscall 202, futex_do_wait) on the
#   copied, forever-held lock; the parent's only thread waits in wait4 (syscall
#   61, do_wait) inside the untimed join(); the holder thread has exited in the
#   parent by then. Same on pyenv 3.6.15 to 3.13.0 (1 run per method each) and
#   on the Debian sid builds 3.14.10 and 3.15.2 (~/.cache/debian-sid-pythons) (3
#   runs per method; there default is forkserver, 3/3 ok); 3.12+ did not print
#   the "multi-threaded, use of fork() may lead to deadlocks"
#   DeprecationWarning, since default filters hide it when it is attributed to
#   multiprocessing's own code. Also the same with the method set in the main
#   process only (runpy launcher). `mpconform run --python all` gave deadlock
#   for every fork cell (and default up to 3.13), reported after about 1.4 s.
# ---
import multiprocessing
import threading
import time

from mpconform_case import mark, observe

# Module level on purpose: a spawn/forkserver child re-imports this module and
# gets a new, unlocked lock; a fork child gets a copy of the parent's.
SHARED_LOCK = threading.Lock()
HOLD_SECONDS = 0.3


def hold_lock(held):
    with SHARED_LOCK:
        held.set()
        time.sleep(HOLD_SECONDS)  # the main thread starts the child meanwhile
    # Under fork, from here on no thread of the tree can progress: the moment the
    # harness's verdict latency is measured from (bench/hang_verdict.py).
    mark("last-progress")


def needs_lock(results):
    # Untimed on purpose: under fork this is the blocked-forever wait.
    SHARED_LOCK.acquire()
    SHARED_LOCK.release()
    results.put("yes")


if __name__ == "__main__":
    held = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(held,))
    holder.start()
    if not held.wait(timeout=5):
        raise RuntimeError("the holder thread never took the lock")

    results = multiprocessing.Queue()
    child = multiprocessing.Process(target=needs_lock, args=(results,))
    child.start()  # fork happens here, with SHARED_LOCK held by `holder`
    child.join()  # untimed on purpose: the parent's side of the deadlock
    holder.join(timeout=5)
    observe("child_got_lock", results.get(timeout=1))
