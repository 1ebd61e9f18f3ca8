# ---
# id: terminate-skips-finally
# title: terminate() ends a child inside try/finally; does the finally block run?
# source: 002_235a08ad9f5203d3.txt (59.21 Termination)
# claim: >
#   terminate() stops a child abruptly, without the clean-up an orderly exit
#   would do: a finally block the child is inside of when the signal lands never
#   runs, and the exitcode is minus SIGTERM.
# documented:
#   all: {outcome: ok, observations: {finally_ran: "no"}}
# expect:
#   forkserver:
#     - if: python < 3.7
#       outcome: ok
#       observations: {finally_ran: "no", child_exitcode: "255"}
#     - outcome: ok
#       observations: {finally_ran: "no", child_exitcode: "-15"}
#   all: {outcome: ok, observations: {finally_ran: "no", child_exitcode: "-15"}}
# limits:
#   timeout: 20
# tags: [terminate, lifecycle, signals]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: the marker file
#   the finally block would write never appears (finally_ran=no) and
#   child_exitcode=-15, except 3.6.15 forkserver which reports 255 (see
#   child-killed-by-signal). terminate() sends SIGTERM; the child has Python's
#   default disposition for it (none installed), so the kernel ends the process
#   and no Python code, finally blocks included, runs. A child that installs a
#   SIGTERM handler raising SystemExit would run them; that is outside this
#   case. The claim holds everywhere.
# ---
import multiprocessing
import os
import tempfile
import time

from mpconform_case import observe


def work_then_clean_up(marker_path, inside):
    try:
        inside.set()
        time.sleep(30)  # never finishes: the parent terminates us first
    finally:
        # The clean-up under test: leaves a trace on disk if it ever runs.
        with open(marker_path, "w") as f:
            f.write("finally ran")


def main():
    folder = tempfile.mkdtemp(prefix="mpconform-finally-")
    marker_path = os.path.join(folder, "marker")
    inside = multiprocessing.Event()
    child = multiprocessing.Process(target=work_then_clean_up, args=(marker_path, inside))
    child.start()
    if not inside.wait(timeout=10):
        raise RuntimeError("the child never entered its try block")
    child.terminate()
    child.join(timeout=5)
    ran = os.path.exists(marker_path)
    if ran:
        os.unlink(marker_path)
    os.rmdir(folder)
    observe("finally_ran", "yes" if ran else "no")
    observe("child_exitcode", child.exitcode)


if __name__ == "__main__":
    main()
