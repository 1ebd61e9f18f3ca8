# Picks its method through a context object rather than the global default.
import multiprocessing


def square(n):
    return n * n


if __name__ == "__main__":
    ctx = multiprocessing.get_context("forkserver")
    with ctx.Pool(2) as pool:
        print(pool.map(square, [1, 2, 3]))
