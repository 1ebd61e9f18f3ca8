# ---
# id: ctypes-segfault
# title: A child dereferences NULL through ctypes
# source: issue 7 (hostile cases)
# claim: >
#   A child that crashes in native code dies of SIGSEGV; the parent sees a
#   negative exit code and exits 1 itself, reported as exit:1 with the child's
#   code observed.
# expect:
#   all: {outcome: "exit:1", observations: {child_exitcode: "-11"}}
# limits:
#   timeout: 20
# tags: [hostile]
# ---
import ctypes
import faulthandler
import multiprocessing
import sys

from mpconform_case import observe


def crash():
    faulthandler.disable()  # a quiet crash: the point is the signal, not the dump
    ctypes.string_at(0)


if __name__ == "__main__":
    p = multiprocessing.Process(target=crash)
    p.start()
    p.join()
    observe("child_exitcode", p.exitcode)
    sys.exit(1)
