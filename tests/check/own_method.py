# Chooses its own start method, as many programs do; mpconform must not make
# that call fail by having set one first.
import multiprocessing


def square(n):
    return n * n


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    with multiprocessing.Pool(2) as pool:
        print(pool.map(square, [1, 2, 3]))
    print("method", multiprocessing.get_start_method())
