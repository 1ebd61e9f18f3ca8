"""Workers that print as they go, from a `with Pool()` block: when stdout is a
pipe, a worker's buffered prints may be lost when the block ends and the pool
terminates it, so how many "processing" lines appear depends on timing."""
from multiprocessing import Pool
import os


def work(item):
    print("processing item", item, "in", os.getpid())
    return item * item


if __name__ == "__main__":
    with Pool(4) as pool:
        squares = pool.map(work, range(16))
    print("sum of squares:", sum(squares))
