# ---
# id: stdin-in-child
# title: What a child reads from sys.stdin, and from file descriptor 0
# source: CPython docs, multiprocessing, Programming guidelines (All start methods, replacing sys.stdin)
# claim: >
#   multiprocessing closes a child's sys.stdin and replaces it with a stream on
#   os.devnull, under every start method, so reading sys.stdin in a child gives
#   end of file at once instead of competing with the parent for its input.
# documented:
#   all: {outcome: ok, observations: {sys_stdin_reads: empty}}
# expect:
#   all: {outcome: ok, observations: {sys_stdin_reads: empty, sys_stdin_is_devnull: "yes", fd0_reads: parent-input}}
# limits:
#   timeout: 20
# tags: [boundary, stdio, stdin]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). The parent makes its fd 0 a
#   pipe holding 'parent-input' (write end closed, so nothing can block). Every
#   cell: the child's sys.stdin reads '' at once and is /dev/null, while
#   os.read(0) in the child still returns 'parent-input': multiprocessing closes
#   only the sys.stdin object (which never owned fd 0) and opens os.devnull on a
#   new descriptor. spawn children inherit fd 0 through exec, fork children
#   directly, forkserver children from the server, which was started (with this
#   fd 0) at the first start(); a server started before the parent changed fd 0
#   would pass on the old one. The documented claim (sys.stdin reads nothing)
#   holds everywhere; raw fd 0 is not protected.
# ---
import multiprocessing
import os
import sys

from mpconform_case import observe

PARENT_INPUT = b"parent-input"


def child(results):
    text = sys.stdin.read()  # returns at once if sys.stdin is os.devnull
    is_devnull = os.path.samestat(os.fstat(sys.stdin.fileno()), os.stat(os.devnull))
    try:
        raw = os.read(0, 100)  # descriptor 0 itself, below sys.stdin
        fd0 = raw.decode() if raw else "empty"
    except OSError as error:
        fd0 = "error:" + os.strerror(error.errno)
    results.put((text or "empty", "yes" if is_devnull else "no", fd0))


def main():
    # Give this process a known standard input: a pipe holding a few bytes whose
    # write end is closed, so no read can block whoever does it.
    r, w = os.pipe()
    os.write(w, PARENT_INPUT)
    os.close(w)
    os.dup2(r, 0)
    os.close(r)
    results = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(results,))
    p.start()
    text, is_devnull, fd0 = results.get(timeout=10)
    p.join(timeout=10)
    observe("sys_stdin_reads", text)
    observe("sys_stdin_is_devnull", is_devnull)
    observe("fd0_reads", fd0)


if __name__ == "__main__":
    main()
