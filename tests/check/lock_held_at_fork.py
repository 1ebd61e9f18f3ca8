# Forks while another thread holds a lock the child then takes: the child's copy
# of the lock is held by a thread it does not have, and it waits forever. spawn
# and forkserver children start fresh and take their own lock.
import multiprocessing
import threading
import time

lock = threading.Lock()


def hold_for_a_while():
    with lock:
        time.sleep(3)


def child():
    with lock:
        print("child got the lock")


if __name__ == "__main__":
    threading.Thread(target=hold_for_a_while, daemon=True).start()
    time.sleep(0.2)  # the holder has the lock now
    worker = multiprocessing.Process(target=child)
    worker.start()
    worker.join()
    print("done")
