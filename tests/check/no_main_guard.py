# Starts a process at module level, with no `if __name__ == "__main__":` guard:
# spawn and forkserver children import this file again and would start it again.
import multiprocessing


def greet():
    print("hello from the child")


child = multiprocessing.Process(target=greet)
child.start()
child.join()
print("parent done, child exit code", child.exitcode)
