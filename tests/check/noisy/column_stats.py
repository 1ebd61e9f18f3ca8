"""Column statistics of a random matrix, one column per worker. Its only
dependency is NumPy, which not every interpreter on a machine has."""
import sys
from multiprocessing import Pool

import numpy as np


def column_mean(column):
    return float(np.mean(column))


def main(rows=200, cols=6):
    rng = np.random.default_rng(1234)
    matrix = rng.normal(size=(rows, cols))
    with Pool(3) as pool:
        means = pool.map(column_mean, list(matrix.T))
    print("means:", " ".join("%.3f" % m for m in means))
    return 0


if __name__ == "__main__":
    sys.exit(main())
