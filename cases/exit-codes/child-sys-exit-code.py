# ---
# id: child-sys-exit-code
# title: A child leaves with sys.exit(3); the parent reads exitcode 3
# source: 002_235a08ad9f5203d3.txt (59.11 Exit Codes)
# claim: >
#   The status a child passes to sys.exit() becomes its Process.exitcode in the
#   parent once it has been joined: sys.exit(3) gives 3, whatever the start
#   method. A SystemExit is an orderly exit, so no traceback is printed.
# documented:
#   all: {outcome: ok, observations: {child_exitcode: "3"}}
# expect:
#   all: {outcome: ok, observations: {child_exitcode: "3", child_stderr_traceback: "no"}}
# limits:
#   timeout: 20
# tags: [exit-codes, process]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: child_exitcode=3
#   and no traceback on the child's stderr (the case points fd 2 at a file while
#   the child runs to check), 0.1 to 0.45 s by hand. The claim holds everywhere,
#   forkserver 3.6 included (unlike a death by signal, see
#   child-killed-by-signal).
# ---
import multiprocessing
import os
import sys
import tempfile

from mpconform_case import observe


def leave_with_three():
    sys.exit(3)


def main():
    with tempfile.TemporaryFile() as capture:
        # fd 2 points at a file while the child runs, so this program can tell
        # whether the child printed a traceback (it should not).
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(capture.fileno(), 2)
        try:
            child = multiprocessing.Process(target=leave_with_three)
            child.start()
            child.join(timeout=10)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        capture.seek(0)
        text = capture.read().decode(errors="replace")
    observe("child_exitcode", child.exitcode)
    observe("child_stderr_traceback", "yes" if "Traceback" in text else "no")


if __name__ == "__main__":
    main()
