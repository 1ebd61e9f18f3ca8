# A program that uses none of the platform differences: a small pool with a main
# guard and a top-level function, as portable code is written.
import multiprocessing as mp


def double(x):
    return 2 * x


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        print(pool.map(double, range(5)))
