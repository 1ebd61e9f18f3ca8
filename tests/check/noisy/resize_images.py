#!/usr/bin/env python3
"""Resize a batch of "images" (fake work) with a process pool and report how
long it took. The shape of a thousand scripts: argparse, a timer, a pool, a
summary with the elapsed time and the worker pids."""
import argparse
import multiprocessing as mp
import os
import time
from datetime import datetime


def resize(n):
    # stand-in for PIL work: some arithmetic proportional to the "image size"
    total = 0
    for i in range(20000 + n * 100):
        total += i * i % 7
    return n, os.getpid(), total


def main():
    parser = argparse.ArgumentParser(description="resize images in parallel")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--count", type=int, default=12)
    args = parser.parse_args()

    print(f"[{datetime.now():%Y-%m-%d %H:%M:%S}] starting with {args.workers} workers")
    start = time.perf_counter()
    with mp.Pool(args.workers) as pool:
        results = pool.map(resize, range(args.count))
    elapsed = time.perf_counter() - start
    first_pid = results[0][1]
    print(f"resized {len(results)} images in {elapsed:.4f}s ({len(results) / elapsed:.1f} img/s)")
    print(f"first image resized by pid {first_pid}")
    print("checksum", sum(t for _, _, t in results))
    print(f"[{datetime.now():%Y-%m-%d %H:%M:%S}] done")


if __name__ == "__main__":
    main()
