# ---
# id: child-unhandled-exception
# title: An exception escapes a child's target; exitcode 1 and a traceback
# source: 002_235a08ad9f5203d3.txt (59.11 Exit Codes)
# claim: >
#   An exception that escapes the target ends the child with a non-zero
#   exitcode (1) and prints its traceback on the child's stderr; the parent
#   carries on, since nothing re-raises it there.
# documented:
#   all: {outcome: "exception:ValueError", observations: {child_exit_nonzero: "yes"}}
# expect:
#   all: {outcome: "exception:ValueError", observations: {child_exitcode: "1", child_exit_nonzero: "yes"}}
# limits:
#   timeout: 20
# tags: [exit-codes, exceptions, process]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell:
#   child_exitcode=1, the child's ValueError traceback on stderr, the parent
#   exits 0. The harness's outcome is therefore exception:ValueError: when the
#   main process exits 0, the first traceback a child printed decides
#   (cases/README.md, Outcomes). The claim holds everywhere; the book says only
#   'non-zero', and it is always exactly 1.
# ---
import multiprocessing

from mpconform_case import observe


def fail():
    raise ValueError("raised in the child")


def main():
    child = multiprocessing.Process(target=fail)
    child.start()
    child.join(timeout=10)
    observe("child_exitcode", child.exitcode)
    observe("child_exit_nonzero", "yes" if child.exitcode else "no")
    # The parent exits 0: the child's traceback on stderr is all that shows it.


if __name__ == "__main__":
    main()
