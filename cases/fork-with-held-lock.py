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
#   timeout: 10
# tags: [fork-safety, threads, locks, deadlock]
# ---
import multiprocessing
import threading
import time

from mpconform_case import observe

# Module level on purpose: a spawn/forkserver child re-imports this module and
# gets a new, unlocked lock; a fork child gets a copy of the parent's.
SHARED_LOCK = threading.Lock()
HOLD_SECONDS = 0.5


def hold_lock(held):
    with SHARED_LOCK:
        held.set()
        time.sleep(HOLD_SECONDS)  # the main thread starts the child meanwhile


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
