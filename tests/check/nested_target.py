# A Process whose target is a function defined inside another: fork copies it,
# spawn and forkserver must pickle it by name and cannot.
import multiprocessing


def run_job(label):
    def producer(queue):
        queue.put(label + " done")

    queue = multiprocessing.Queue()
    worker = multiprocessing.Process(target=producer, args=(queue,))
    worker.start()
    print(queue.get(timeout=20))
    worker.join()


if __name__ == "__main__":
    run_job("nightly")
