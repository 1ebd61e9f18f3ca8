# ---
# id: leaves-ipc
# title: Creates shared memory and a named semaphore and hides them from the tracker
# source: issue 7 (hostile cases)
# claim: >
#   Shared memory and semaphores a tree leaves behind, even ones the resource
#   tracker was told to forget, do not outlive the cell: nothing new is left in
#   /dev/shm after the run.
# expect:
#   all: ok
# limits:
#   timeout: 20
# tags: [hostile]
# ---
import multiprocessing
import os
import sys


def child():
    from multiprocessing import resource_tracker, shared_memory, synchronize

    shm = shared_memory.SharedMemory(create=True, size=1 << 16)
    resource_tracker.unregister(shm._name, "shared_memory")
    sem = synchronize.Semaphore(ctx=multiprocessing.get_context())
    name = getattr(sem, "_semlock").name
    if name:
        resource_tracker.unregister(name, "semaphore")
    os._exit(0)  # neither closed nor unlinked


if __name__ == "__main__":
    if sys.version_info < (3, 8):  # no shared_memory module: still leave a semaphore
        pass
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
    sys.exit(0 if p.exitcode == 0 else 3)
