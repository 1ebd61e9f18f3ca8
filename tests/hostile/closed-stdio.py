# ---
# id: closed-stdio
# title: Closes its own stdout and stderr, then starts a child
# source: issue 7 (hostile cases)
# claim: >
#   A case that closes the streams the harness reads is judged by its exit
#   status and its channel, not by its output: it ends ok.
# expect:
#   all: ok
# limits:
#   timeout: 20
# tags: [hostile]
# ---
import multiprocessing
import os


def child():
    pass


if __name__ == "__main__":
    os.close(1)
    os.close(2)
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
    os._exit(0 if p.exitcode == 0 else 3)
