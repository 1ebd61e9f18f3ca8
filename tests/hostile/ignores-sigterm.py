# ---
# id: ignores-sigterm
# title: Every process ignores SIGTERM and never ends
# source: issue 7 (hostile cases)
# claim: >
#   A tree that ignores SIGTERM and sleeps (so it is not deadlocked) ends at its
#   deadline as timeout and is killed all the same.
# expect:
#   all: timeout
# limits:
#   timeout: 3
# tags: [hostile]
# ---
import multiprocessing
import signal
import time


def stubborn():
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        time.sleep(0.05)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    p = multiprocessing.Process(target=stubborn)
    p.start()
    stubborn()
