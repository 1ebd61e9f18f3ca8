print("Loading model...")
import multiprocessing

WEIGHTS = [0.2, 0.5, 0.3]


def predict(x):
    print("prediction for", x, "=", round(sum(w * x for w in WEIGHTS), 2))


if __name__ == "__main__":
    workers = [multiprocessing.Process(target=predict, args=(x,)) for x in (1, 2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print("all predictions done")
