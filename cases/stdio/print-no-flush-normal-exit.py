# ---
# id: print-no-flush-normal-exit
# title: A child prints without flushing and returns normally
# source: 004_0b6ddc07c07e6ec3.txt (Error 2, print() output missing from child processes)
# claim: >
#   Seed 004 says a child's print() output does not appear under spawn (its
#   stdout is block-buffered) and that fork makes print work; its own account
#   adds that buffered text is written out later, e.g. when the child finishes.
#   A child that prints without flushing and then returns normally does get its
#   text out, under every start method.
# documented:
#   spawn: {outcome: ok, observations: {printed: "no"}}
#   all: {outcome: ok, observations: {printed: "yes"}}
# expect:
#   all:
#     outcome: ok
#     observations: {printed: "yes", child_line_buffered: "False", child_exitcode: "0"}
# limits:
#   timeout: 20
# tags: [stdio, buffering]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0) with stdout and stderr to pipes, as the harness runs
#   cases, 5 runs per method: every method 5/5 ok, printed=yes,
#   child_line_buffered=False, child_exitcode=0 (0.1 to 0.25 s). Same on pyenv
#   3.6.15 to 3.13.0 (1 run per method each), on the Debian sid builds 3.14.10
#   and 3.15.2 (~/.cache/debian-sid-pythons) (3 runs per method) and on a
#   terminal (script(1), fork and spawn). The flush comes from multiprocessing
#   itself: after the target returns, the child's bootstrap flushes sys.stdout
#   and sys.stderr before the process ends (a fork child ends with os._exit,
#   which would otherwise skip it). So for the text to be lost for good, as the
#   seed warns it may be, the child has to be killed or to leave through
#   os._exit itself. Claims view: the seed's "missing only under spawn"
#   (documented: spawn printed=no, others yes) does not hold in any spawn cell
#   of this case (printed=yes on every interpreter); it holds in the fork,
#   forkserver and default cells. Its mirror image is print-no-flush-terminated,
#   where the spawn cells satisfy it and the fork and forkserver cells do not:
#   what decides is whether the child dies before flushing, not the start
#   method.
# ---
import multiprocessing
import os
import sys
import tempfile

from mpconform_case import observe

MARKER = "marker-from-child"


def print_and_return(results):
    print(MARKER)  # no flush: stays in the buffer unless stdout is line-buffered
    results.put(sys.stdout.line_buffering)
    # Returning normally: multiprocessing flushes the standard streams when the
    # target is done, before the process exits.


def main():
    with tempfile.TemporaryFile() as capture:
        # Point fd 1 at a file so this program can read back what the child
        # wrote. Children inherit fd 1 under every method; a fork child also
        # inherits this process's sys.stdout object, buffering mode included.
        sys.stdout.flush()
        saved_stdout = os.dup(1)
        os.dup2(capture.fileno(), 1)
        try:
            results = multiprocessing.Queue()
            child = multiprocessing.Process(target=print_and_return,
                                            args=(results,))
            child.start()
            line_buffered = results.get(timeout=10)
            child.join(timeout=10)
        finally:
            os.dup2(saved_stdout, 1)
            os.close(saved_stdout)
        capture.seek(0)
        written = capture.read().decode(errors="replace")

    observe("printed", "yes" if MARKER in written else "no")
    observe("child_line_buffered", line_buffered)
    observe("child_exitcode", child.exitcode)


if __name__ == "__main__":
    main()
