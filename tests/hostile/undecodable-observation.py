# ---
# id: undecodable-observation
# title: Observes a file name that is not UTF-8, from the main process and a child
# source: issue 7 (hostile cases)
# claim: >
#   An observation whose text UTF-8 cannot hold (the lone surrogate that
#   os.fsdecode makes of a byte that does not decode) reaches the report,
#   written with a backslash escape, as a case run alone prints it; it is not
#   dropped as an unreadable line.
# expect:
#   all:
#     outcome: ok
#     observations: {main_name: 'caf\udce9', child_name: 'caf\udce9'}
# limits:
#   timeout: 20
# tags: [hostile]
# ---
import multiprocessing
import os

from mpconform_case import observe

NAME = b"caf\xe9"  # Latin-1 "café": not UTF-8


def child():
    observe("child_name", os.fsdecode(NAME))


if __name__ == "__main__":
    observe("main_name", os.fsdecode(NAME))
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
