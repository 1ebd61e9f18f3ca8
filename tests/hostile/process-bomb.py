# ---
# id: process-bomb
# title: Every multiprocessing child starts two more, under the case's own limit
# source: issue 7 (hostile cases)
# claim: >
#   A case may lower the process limit for itself; a tree of multiprocessing
#   children that doubles at every level stops there, under every start method.
# expect:
#   all: limit:processes
# limits:
#   timeout: 30
#   processes: 24
# tags: [hostile]
# ---
import multiprocessing


def grow():
    children = [multiprocessing.Process(target=grow) for _ in range(2)]
    for c in children:
        c.start()
    for c in children:
        c.join()


if __name__ == "__main__":
    grow()
