# A lambda given to Pool.map: the pool pickles every task, whatever the method.
import multiprocessing


def main():
    with multiprocessing.Pool(2) as pool:
        print(sum(pool.map(lambda n: n * n, range(10))))


if __name__ == "__main__":
    main()
