"""Scores sensor readings above a threshold, in parallel."""
import argparse
from multiprocessing import Pool


class Settings:
    """Filled from the command line in main()."""
    threshold = None
    scale = 1.0


def score(reading):
    if reading > Settings.threshold:
        return round(reading * Settings.scale, 2)
    return 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threshold", type=float, default=0.75)
    parser.add_argument("--scale", type=float, default=10.0)
    args = parser.parse_args()
    Settings.threshold = args.threshold
    Settings.scale = args.scale

    with Pool(2) as pool:
        scores = pool.map(score, [0.5, 0.8, 0.9, 1.2])
    print("scores:", scores)


if __name__ == "__main__":
    main()
