# ---
# id: semaphore-get-value
# title: Semaphore.get_value() where the platform has no sem_getvalue (macOS)
# source: CPython Lib/multiprocessing/synchronize.py (Semaphore.get_value); Modules/_multiprocessing/semaphore.c (_get_value under HAVE_BROKEN_SEM_GETVALUE)
# claim: >
#   Semaphore.get_value() reads the semaphore's count, which macOS cannot do: it
#   raises NotImplementedError there and returns the count elsewhere.
# expect:
#   all:
#     - if: os == "macos"
#       outcome: ok
#       observations: {value: NotImplementedError}
#     - outcome: ok
#       observations: {value: "1"}
# limits:
#   timeout: 20
# tags: [platform, synchronization, os-lens]
# notes: >
#   Measured on Linux (3.8, 3.11, 3.13): "1" (a Semaphore(2) acquired once).
#   Under `--os macos`: NotImplementedError, from the macos-semaphore-value rule.
# ---
import multiprocessing

from mpconform_case import observe


def main():
    sem = multiprocessing.Semaphore(2)
    sem.acquire()
    try:
        observe("value", sem.get_value())
    except NotImplementedError as e:
        observe("value", type(e).__name__)
    sem.release()


if __name__ == "__main__":
    main()
