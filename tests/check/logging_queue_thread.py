# A service's usual logging set-up: every record goes through a QueueHandler into a
# queue.Queue, a QueueListener writes them out, and a heartbeat thread logs in a
# loop. Then a Pool maps over work whose function logs too. Under fork a worker is
# forked while the heartbeat thread is inside queue.put, holding the queue's
# mutex: the worker's first log call waits on its copy of that mutex for ever,
# while the parent's threads keep running.
import logging
import logging.handlers
import multiprocessing
import os
import queue
import threading

log_queue = queue.Queue()
log = logging.getLogger("app")


def write_logs():
    n = 0
    while True:
        n += 1
        log.error("heartbeat %d", n)


def square(x):
    log.info("squaring %d", x)
    return x * x


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, handlers=[logging.handlers.QueueHandler(log_queue)])
    listener = logging.handlers.QueueListener(log_queue, logging.FileHandler(os.devnull))
    listener.start()
    threading.Thread(target=write_logs, name="write_logs", daemon=True).start()
    for _ in range(40):
        with multiprocessing.Pool(4) as pool:
            total = sum(pool.map(square, range(200)))
    print(total)
    listener.stop()
