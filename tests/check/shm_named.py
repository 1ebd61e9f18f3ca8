# A shared buffer given a descriptive name (with the pid, so two runs never
# collide), filled by a child process and read back by the parent.
import multiprocessing as mp
import os
from multiprocessing import shared_memory


def fill(name):
    block = shared_memory.SharedMemory(name=name)
    block.buf[:5] = b"hello"
    block.close()


def main():
    name = "experiment_results_shared_buffer_%d" % os.getpid()
    block = shared_memory.SharedMemory(name=name, create=True, size=64)
    try:
        child = mp.Process(target=fill, args=(name,))
        child.start()
        child.join()
        print("child wrote:", bytes(block.buf[:5]).decode())
    finally:
        block.close()
        block.unlink()


if __name__ == "__main__":
    main()
