# ---
# id: held-lock-deadlock
# title: A child waits for a lock its parent never releases
# source: tests/browser/report_test.py
# claim: Both processes wait for ever, under every start method.
# expect:
#   all: deadlock
# documented:
#   all: deadlock
# limits:
#   timeout: 10
# ---
import multiprocessing


def take(lock):
    lock.acquire()


if __name__ == "__main__":
    lock = multiprocessing.Lock()
    lock.acquire()
    child = multiprocessing.Process(target=take, args=(lock,))
    child.start()
    child.join()
