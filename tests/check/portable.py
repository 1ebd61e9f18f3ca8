# Works under every start method: module-level target, data passed, guarded main.
# Prints its arguments and reads a file beside it, to show it runs as
# `python portable.py ARGS` would, from the caller's directory.
import multiprocessing
import sys


def square(n):
    return n * n


if __name__ == "__main__":
    print("args", sys.argv[1:])
    print("stdin", repr(sys.stdin.read()))
    with multiprocessing.Pool(2) as pool:
        print(pool.map(square, range(5)))
