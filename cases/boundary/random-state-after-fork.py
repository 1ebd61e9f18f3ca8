# ---
# id: random-state-after-fork
# title: Two children draw random.random(); do they repeat the parent's sequence?
# source: 002_235a08ad9f5203d3.txt (59.28 Randomness)
# claim: >
#   A fork child may inherit the parent's pseudo-random generator state, so
#   children can produce the very same "random" numbers as each other (and as
#   the parent) unless they reseed.
# documented:
#   fork: {outcome: ok, observations: {children_equal: "yes"}}
# expect:
#   all:
#     - if: python < 3.7
#       outcome: ok
#       observations: {children_equal: "no", child_repeats_parent: "no", raw_os_fork_repeats_parent: "yes"}
#     - outcome: ok
#       observations: {children_equal: "no", child_repeats_parent: "no", raw_os_fork_repeats_parent: "no"}
# limits:
#   timeout: 20
# tags: [boundary, random, fork, version-dependent]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). No multiprocessing child
#   ever repeated the parent's or a sibling's random.random(), on any
#   interpreter or method: children_equal=no and child_repeats_parent=no in
#   every cell, 5 runs per cell on 3.6.15 and 3.11.2 by hand. So the book's
#   warning does not hold for the random module under multiprocessing: up to 3.6
#   multiprocessing itself reseeds random in every fork child (popen_fork.py,
#   and forkserver.py for the server's children, call random.seed() when random
#   is imported), and from 3.7 random reseeds itself after any fork
#   (os.register_at_fork(after_in_child=...)). A bare os.fork() shows the
#   mechanism: its child repeats the parent's next value on 3.6.15
#   (raw_os_fork_repeats_parent=yes) and not from 3.7. The warning still applies
#   to generators nobody reseeds (numpy's legacy global state, for one; not
#   installed for these interpreters), which this case cannot check.
# ---
import multiprocessing
import os
import random
import struct

from mpconform_case import observe


def draw(results, n):
    results.put((n, random.random()))


def raw_fork_draw():
    # A bare os.fork(), no multiprocessing: what the book's warning is about.
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.write(w, struct.pack("d", random.random()))
        os._exit(0)
    os.close(w)
    data = os.read(r, 8)
    os.close(r)
    os.waitpid(pid, 0)
    return struct.unpack("d", data)[0]


def main():
    random.random()  # the parent's generator is in use before the children start
    results = multiprocessing.Queue()
    children = [multiprocessing.Process(target=draw, args=(results, n)) for n in range(2)]
    for child in children:
        child.start()
    drawn = dict(results.get(timeout=10) for _ in children)
    for child in children:
        child.join(timeout=10)
    parent_next = random.random()  # what the parent's sequence gives next
    observe("children_equal", "yes" if drawn[0] == drawn[1] else "no")
    observe("child_repeats_parent", "yes" if parent_next in drawn.values() else "no")
    raw = raw_fork_draw()
    observe("raw_os_fork_repeats_parent", "yes" if raw == random.random() else "no")


if __name__ == "__main__":
    main()
