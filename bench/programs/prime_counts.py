"""A thread-free program whose cells take a few tenths of a second: a Pool of two
counts primes in ranges. For bench/check_overhead.py (check side by side against
--jobs 1): the harness's fixed cost per cell weighs less here than on
tests/check/portable.py."""
import multiprocessing


def primes_below(n):
    sieve = bytearray([1]) * n
    sieve[:2] = b"\0\0"
    for i in range(2, int(n ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i::i] = bytearray(len(range(i * i, n, i)))
    return sum(sieve)


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        print(pool.map(primes_below, [3_000_000, 3_000_000, 3_000_000, 3_000_000]))
