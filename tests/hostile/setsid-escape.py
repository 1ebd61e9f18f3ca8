# ---
# id: setsid-escape
# title: A grandchild leaves the process group with setsid() and outlives main
# source: issue 7 (hostile cases)
# claim: >
#   A descendant in a session of its own is still the cell's: it is found and
#   killed when the cell ends, though the case itself ends ok.
# expect:
#   all: ok
# limits:
#   timeout: 20
# tags: [hostile]
# ---
import multiprocessing
import os
import time


def escape():
    if os.fork() == 0:
        os.setsid()
        time.sleep(3600)
        os._exit(0)


if __name__ == "__main__":
    p = multiprocessing.Process(target=escape)
    p.start()
    p.join()
