# Asks for fork wherever the platform has it, a common way to keep Linux's
# behaviour on a Mac: what no lens can show (the objc fork crash, its own
# platform branch), so `check --os` warns of it.
import multiprocessing as mp
import sys


def work(x):
    return x + 1


if __name__ == "__main__":
    if sys.platform != "win32":
        mp.set_start_method("fork")
    with mp.Pool(2) as pool:
        print(pool.map(work, range(3)))
