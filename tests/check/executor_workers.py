# A CPU-bound batch sized from the command line, with a generous default for a
# big server: ProcessPoolExecutor(max_workers=64).
import argparse
from concurrent.futures import ProcessPoolExecutor


def checksum(n):
    return sum(i * i for i in range(n)) % 1009


def main():
    parser = argparse.ArgumentParser(description="checksums in parallel")
    parser.add_argument("--workers", type=int, default=64, help="worker processes")
    parser.add_argument("--items", type=int, default=8)
    args = parser.parse_args()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        sums = list(pool.map(checksum, range(1000, 1000 + args.items)))
    print("checksums:", sums)


if __name__ == "__main__":
    main()
