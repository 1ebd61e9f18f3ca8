# ---
# id: queue-qsize
# title: Queue.qsize() where the platform has no sem_getvalue (macOS)
# source: CPython Lib/multiprocessing/queues.py (Queue.qsize, its comment on macOS); Modules/_multiprocessing/semaphore.c (_get_value under HAVE_BROKEN_SEM_GETVALUE); the multiprocessing docs (Queue.qsize)
# claim: >
#   A multiprocessing.Queue's qsize() counts the items through the value of a
#   semaphore. macOS has no working sem_getvalue, so there it raises
#   NotImplementedError; on Linux and Windows it returns the approximate size.
# expect:
#   all:
#     - if: os == "macos"
#       outcome: ok
#       observations: {qsize: NotImplementedError}
#     - outcome: ok
#       observations: {qsize: "3"}
# limits:
#   timeout: 20
# tags: [platform, communication, os-lens]
# notes: >
#   Measured on Linux (/usr/bin/python3 3.11 and pyenv 3.8, 3.13): "3" under every
#   method. Under `--os macos` the lens's macos-queue-qsize rule raises what
#   semaphore.c raises there (NotImplementedError, no message); under
#   `--os windows` fork and forkserver are unsupported and spawn gives "3".
# ---
import multiprocessing

from mpconform_case import observe


def main():
    q = multiprocessing.Queue()
    for i in range(3):
        q.put(i)
    # qsize() counts what put() released, not what reached the pipe: exact here.
    try:
        observe("qsize", q.qsize())
    except NotImplementedError as e:
        observe("qsize", type(e).__name__)
    for _ in range(3):
        q.get(timeout=5)


if __name__ == "__main__":
    main()
