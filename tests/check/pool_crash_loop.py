# A lock made by the default context handed to the workers of a spawn Pool. Under
# fork (the default before 3.14) on Debian's 3.11.2 the worker's copy of the lock
# has no semaphore behind it: each worker dies of SIGSEGV at its first print of
# the lock, and the Pool starts new ones, one per item, for ever in effect (later
# 3.11 releases raise RuntimeError when the lock is pickled).
import multiprocessing

lock = None


def init(shared_lock):
    global lock
    lock = shared_lock


def work(item):
    print(lock)
    with lock:
        return item * 2


if __name__ == "__main__":
    shared = multiprocessing.Lock()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2, initializer=init, initargs=(shared,)) as pool:
        print(sum(pool.imap_unordered(work, range(1000))))
