"""A small web-style service: each request, handled on a thread of its own,
renders a report in a child process, joined with a timeout and terminated when
late, while the access log goes to stdout through a StreamHandler from another
thread. It always exits 0 and says on stderr how many requests timed out."""
import logging
import multiprocessing
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger("service")
REQUESTS = 24
TIMEOUT_S = 3.0


def render_report(request_id):
    sys.stdout.write("rendered report %d\n" % request_id)
    sys.stdout.flush()


def handle(request_id):
    child = multiprocessing.Process(target=render_report, args=(request_id,))
    child.start()
    child.join(TIMEOUT_S)
    if child.is_alive():
        child.terminate()
        child.join()
        return False
    return True


def access_log(stop):
    n = 0
    while not stop.is_set() and n < 200000:
        n += 1
        log.info("GET /health 200")


def main():
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s")
    stop = threading.Event()
    logger = threading.Thread(target=access_log, args=(stop,), name="access-log", daemon=True)
    logger.start()
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="request") as pool:
        served = list(pool.map(handle, range(REQUESTS)))
    stop.set()
    late = served.count(False)
    if late:
        print("%d of %d requests timed out" % (late, REQUESTS), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
