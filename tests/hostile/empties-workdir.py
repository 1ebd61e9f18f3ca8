# ---
# id: empties-workdir
# title: The case deletes everything in its working directory, then starts a child
# source: issue 12 (hostile cases)
# claim: >
#   A case may do what it likes with its working directory: the harness keeps
#   nothing of its own there, so a case that empties it and exits 0 is ok.
# expect:
#   all: ok
# tags: [hostile]
# ---
import multiprocessing
import os
import shutil


def child(queue):
    queue.put(sorted(os.listdir(".")))


if __name__ == "__main__":
    with open("scratch.txt", "w") as f:
        f.write("mine\n")
    for name in os.listdir("."):
        path = os.path.join(".", name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    queue = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(queue,))
    p.start()
    seen = queue.get(timeout=20)
    p.join()
    assert seen == [], "the child saw %r" % seen
