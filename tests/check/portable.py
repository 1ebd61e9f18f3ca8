# Works under every start method: a module-level target, data passed, a guarded
# main. Prints its arguments, what stdin holds and a file it reads by a relative
# name, to show it runs as `python portable.py ARGS` would, from the caller's
# directory.
import multiprocessing
import sys


def square(n):
    return n * n


if __name__ == "__main__":
    print("args", sys.argv[1:])
    print("stdin", repr(sys.stdin.read()))
    with open("portable-input.txt") as f:
        print("input", f.read().strip())
    with multiprocessing.Pool(2) as pool:
        print(pool.map(square, range(5)))
