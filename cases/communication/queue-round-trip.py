# ---
# id: queue-round-trip
# title: An object sent through a Queue to a child and back
# source: 002_235a08ad9f5203d3.txt (59.12 Queues)
# claim: >
#   A Queue carries objects between processes by pickling them: what the child
#   gets is an equal copy, not the parent's object, so changes the child makes
#   come back only if the child sends the object back.
# documented:
#   all: {outcome: ok, observations: {round_trip: equal-copy}}
# expect:
#   all: {outcome: ok, observations: {round_trip: equal-copy, parent_original: unchanged, child_reply: "{'n': [1, 2, 3, 4]}"}}
# limits:
#   timeout: 20
# tags: [communication, queue]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: the echoed dict
#   equals the parent's but is a different object, the parent's dict is
#   unchanged, and the child's reply carries its change. Note on method: the
#   child sends its change as a new object because put() pickles later, in the
#   queue's feeder thread; a first version that appended to the object it had
#   just put sometimes sent the appended list even in the first message (put()
#   is not a snapshot). The claim holds everywhere.
# ---
import multiprocessing

from mpconform_case import observe


def echo(inbox, outbox):
    item = inbox.get(timeout=10)
    outbox.put(item)  # the object as received: a round trip, unchanged
    # A new object for the change: put() pickles later, in a feeder thread, so
    # mutating `item` now could still alter what the first put() sends.
    outbox.put({"n": item["n"] + [4]})


def main():
    original = {"n": [1, 2, 3]}
    inbox, outbox = multiprocessing.Queue(), multiprocessing.Queue()
    p = multiprocessing.Process(target=echo, args=(inbox, outbox))
    p.start()
    inbox.put(original)
    echoed = outbox.get(timeout=10)
    changed = outbox.get(timeout=10)
    p.join(timeout=10)
    same = "same-object" if echoed is original else "equal-copy" if echoed == original else "different"
    observe("round_trip", same)
    observe("parent_original", "unchanged" if original == {"n": [1, 2, 3]} else original)
    observe("child_reply", changed)


if __name__ == "__main__":
    main()
