# A batch job that reports its progress from the size of its result queue, as
# many scripts do: works on Linux, where Queue.qsize() reads the semaphore.
import multiprocessing as mp
import time


def square(n, results):
    results.put(n * n)


def main():
    results = mp.Queue()
    workers = [mp.Process(target=square, args=(n, results)) for n in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    while results.qsize() < len(workers):
        time.sleep(0.01)
    print("progress: %d of %d results in" % (results.qsize(), len(workers)))
    total = sum(results.get() for _ in workers)
    print("total", total)


if __name__ == "__main__":
    main()
