# ---
# id: child-killed-by-signal
# title: A child dies of SIGKILL; the parent reads a negative exitcode
# source: 002_235a08ad9f5203d3.txt (59.11 Exit Codes)
# claim: >
#   A child that is ended by a signal has a negative Process.exitcode, minus the
#   signal's number: a child killed by SIGKILL reads -9 in the parent.
# documented:
#   all: {outcome: ok, observations: {child_exitcode: "-9"}}
# expect:
#   forkserver:
#     - if: python < 3.7
#       outcome: ok
#       observations: {child_exitcode: "255"}
#     - outcome: ok
#       observations: {child_exitcode: "-9"}
#   all: {outcome: ok, observations: {child_exitcode: "-9"}}
# limits:
#   timeout: 20
# tags: [exit-codes, signals, process]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). The child sends itself
#   SIGKILL, as a crash in native code would end it. Every cell:
#   child_exitcode=-9, except 3.6.15 forkserver, which reports 255: before 3.7 a
#   forkserver child writes its own exit code to the parent's pipe as it exits,
#   so one killed by a signal writes nothing and the parent falls back to 255
#   (the same 255 as in print-no-flush-terminated and terminate-skips-finally
#   under 3.6 forkserver). So the claim holds on 3.7 and later, and under fork
#   and spawn on 3.6.
# ---
import multiprocessing
import os
import signal

from mpconform_case import observe


def die_of_sigkill():
    # As a crash in native code would end it: no Python clean-up at all.
    os.kill(os.getpid(), signal.SIGKILL)


def main():
    child = multiprocessing.Process(target=die_of_sigkill)
    child.start()
    child.join(timeout=10)
    observe("child_exitcode", child.exitcode)


if __name__ == "__main__":
    main()
