# ---
# id: pipe-round-trip
# title: Messages both ways over a Pipe between parent and child
# source: 002_235a08ad9f5203d3.txt (59.13 Pipes)
# claim: >
#   Pipe() returns two connected ends; by default both can send and receive, so
#   a parent and a child can hold a conversation over one pipe, each message an
#   equal copy of what the other side sent.
# documented:
#   all: {outcome: ok, observations: {child_got: hello}}
# expect:
#   all: {outcome: ok, observations: {child_got: hello, parent_got: "('hello', 'back')", child_end_closed_seen: EOFError}}
# limits:
#   timeout: 20
# tags: [communication, pipe]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: the child
#   received 'hello', the parent got ('hello', 'back'), and once the child had
#   closed its end and exited (and the parent had closed its own copy of the
#   child's end) recv() raised EOFError. The claim holds everywhere.
# ---
import multiprocessing

from mpconform_case import observe


def answer(conn):
    message = conn.recv()
    conn.send((message, "back"))
    conn.close()


def main():
    parent_end, child_end = multiprocessing.Pipe()
    p = multiprocessing.Process(target=answer, args=(child_end,))
    p.start()
    child_end.close()  # the parent's copy of the child's end: lets EOF show later
    parent_end.send("hello")
    if not parent_end.poll(10):
        raise RuntimeError("no answer from the child")
    reply = parent_end.recv()
    p.join(timeout=10)
    try:
        parent_end.recv()  # the child has closed its end and exited
        closed = "no"
    except EOFError as error:
        closed = type(error).__name__
    observe("child_got", reply[0])
    observe("parent_got", reply)
    observe("child_end_closed_seen", closed)


if __name__ == "__main__":
    main()
