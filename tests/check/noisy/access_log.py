"""A tiny "web server": request-handler threads log access lines with a
timestamp while a process pool renders the pages. Under every start method it
does the same work; only its timestamps and its interleaving vary."""
import logging
import multiprocessing
import threading
import time

log = logging.getLogger("access")


def render(page):
    return "<html>%s</html>" % ("x" * (page % 5)), page


def handle(pool, client, pages):
    for page in pages:
        body, _ = pool.apply(render, (page,))
        log.info('%s - "GET /page/%d HTTP/1.1" 200 %d', client, page, len(body))
        time.sleep(0.002)


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(threadName)s %(message)s")
    with multiprocessing.Pool(2) as pool:
        threads = [threading.Thread(target=handle, args=(pool, "10.0.0.%d" % i, range(i, i + 8)))
                   for i in range(1, 6)]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    log.info("served %d requests in %.3f s", 40, time.time() - started)


if __name__ == "__main__":
    main()
