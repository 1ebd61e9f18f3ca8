# ---
# id: print-no-flush-terminated
# title: A child prints without flushing and is then terminated
# source: 004_0b6ddc07c07e6ec3.txt (Error 2, print() output missing from child processes)
# claim: >
#   A child's print() may never show up: its stdout is block-buffered, and a
#   child killed by terminate() dies before the buffer is written out. The seed
#   says this happens only under spawn and that fork makes print work.
# documented:
#   spawn: {outcome: ok, observations: {printed: "no"}}
#   all: {outcome: ok, observations: {printed: "yes"}}
# expect:
#   forkserver:
#     - if: python < 3.7
#       outcome: ok
#       observations: {printed: "no", child_line_buffered: "False", child_exitcode: "255"}
#     - outcome: ok
#       observations: {printed: "no", child_line_buffered: "False", child_exitcode: "-15"}
#   all:
#     outcome: ok
#     observations: {printed: "no", child_line_buffered: "False", child_exitcode: "-15"}
# limits:
#   timeout: 20
# tags: [stdio, buffering, terminate]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0) with stdout and stderr to pipes, as the harness runs
#   cases, 5 runs per method: every method 5/5 ok, printed=no,
#   child_line_buffered=False, child_exitcode=-15 (0.2 to 0.5 s). Same on pyenv
#   3.6.15 to 3.13.0 (1 run per method each), on the Debian sid builds 3.14.10
#   and 3.15.2 (~/.cache/debian-sid-pythons) (3 runs per method) and with the
#   method set in the main process only, except that 3.6's forkserver reports
#   the killed child's exit code as 255. The seed's claim that the text goes
#   missing only under spawn does not hold: what decides is whether the child's
#   sys.stdout is line-buffered, i.e. whether stdout was a terminal when that
#   interpreter started, not the start method. With stdout a pipe (the harness,
#   CI logs) the text is lost under fork as well; with stdout a terminal
#   (measured with script(1) and a plain program that does not redirect fd 1) a
#   terminated child's unflushed line appears under fork, spawn and forkserver
#   alike. This case redirects fd 1 to a file so it can read the result back: on
#   a terminal that makes fork say yes (the fork child keeps the parent's
#   terminal-made, line-buffered sys.stdout) and spawn/forkserver say no (their
#   fresh sys.stdout sees a file), so child_line_buffered is observed to show
#   which setting a run had. Claims view: the documented form of the seed's
#   claim (spawn printed=no, every other method printed=yes) holds in the spawn
#   cells only; fork, forkserver and default print nothing either.
# ---
import multiprocessing
import os
import sys
import tempfile
import time

from mpconform_case import observe

MARKER = "marker-from-child"


def print_then_linger(results):
    print(MARKER)  # no flush: stays in the buffer unless stdout is line-buffered
    results.put(sys.stdout.line_buffering)
    time.sleep(30)  # never finishes: the parent terminates us first


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
            child = multiprocessing.Process(target=print_then_linger,
                                            args=(results,))
            child.start()
            line_buffered = results.get(timeout=10)  # the print has happened
            child.terminate()  # SIGTERM: no Python-level cleanup, no flush
            child.join(timeout=5)
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
