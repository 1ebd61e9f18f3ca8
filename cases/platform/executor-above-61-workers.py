# ---
# id: executor-above-61-workers
# title: ProcessPoolExecutor with more than 61 workers (Windows caps it)
# source: CPython Lib/concurrent/futures/process.py (_MAX_WINDOWS_WORKERS, ProcessPoolExecutor.__init__); the concurrent.futures docs (max_workers on Windows)
# claim: >
#   On Windows ProcessPoolExecutor refuses max_workers above 61 with ValueError
#   ("max_workers must be <= 61"), since WaitForMultipleObjects waits on at most
#   64 handles; elsewhere any positive number is accepted.
# expect:
#   all:
#     - if: os == "windows"
#       outcome: ok
#       observations: {workers_64: ValueError, workers_61: created}
#     - outcome: ok
#       observations: {workers_64: created, workers_61: created}
# limits:
#   timeout: 20
# tags: [platform, executor, os-lens]
# notes: >
#   Measured on Linux (3.8, 3.11, 3.13): both created (no worker starts before a
#   task is submitted, so the case stays cheap). Under `--os windows` the
#   windows-executor-workers rule raises what CPython's win32 branch raises.
# ---
from concurrent.futures import ProcessPoolExecutor

from mpconform_case import observe


def attempt(n):
    try:
        pool = ProcessPoolExecutor(max_workers=n)
    except ValueError as e:
        return type(e).__name__
    pool.shutdown()
    return "created"


def main():
    observe("workers_64", attempt(64))
    observe("workers_61", attempt(61))


if __name__ == "__main__":
    main()
