import numpy as np
from multiprocessing import Pool


def simulate(trial):
    noise = np.random.normal(size=1000)
    return trial, round(float(noise.mean()), 4)


if __name__ == "__main__":
    np.random.seed(0)
    with Pool(4) as pool:
        for trial, mean in pool.map(simulate, range(8), chunksize=1):
            print("trial", trial, "mean", mean)
