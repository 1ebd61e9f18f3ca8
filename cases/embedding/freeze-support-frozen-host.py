# ---
# id: freeze-support-frozen-host
# title: freeze_support() in an emulated frozen application on Linux
# source: 004_0b6ddc07c07e6ec3.txt (Error 1, the freeze_support() line of the RuntimeError); CPython docs, multiprocessing, freeze_support
# claim: >
#   freeze_support() matters only for a program frozen into an executable: a
#   spawn child of such a program is the executable itself, started with
#   --multiprocessing-fork, and freeze_support() called first in the main guard
#   is what turns that run into the child. The docs add that it has no effect on
#   any operating system other than Windows.
# documented:
#   spawn: {outcome: ok, observations: {child_freeze_support: did-nothing}}
# expect:
#   spawn:
#     - if: python >= 3.14
#       outcome: ok
#       observations: {child_exitcode: "0", target_ran: "yes", child_freeze_support: ran-the-child}
#     - outcome: ok
#       observations: {child_exitcode: "3", target_ran: "no", child_freeze_support: did-nothing}
#   all: {outcome: ok, observations: {child_exitcode: "0", target_ran: "yes", child_freeze_support: not-involved}}
# limits:
#   timeout: 20
# tags: [embedding, frozen, spawn, version-dependent]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Emulation of a frozen
#   application: the case sets sys.frozen = True, and makes sys.executable and
#   set_executable() name fixtures/frozen_app.sh, which runs this very program
#   with all its arguments when started with --multiprocessing-fork (a spawned
#   child of a frozen program) and acts as the interpreter for helper processes
#   (resource tracker, fork server). A run that freeze_support() does not take
#   over exits 3 instead of running the whole program again. freeze_support() in
#   the original process returns at once everywhere (it is not a child). spawn
#   up to 3.13.0: the child run's freeze_support() does nothing (it acts only on
#   win32), so that run exits 3 and the target never runs
#   (child_freeze_support=did-nothing). spawn on 3.14.10 and 3.15.2:
#   freeze_support() acts on any platform whose method is spawn (CPython
#   GH-80334), runs the child and exits 0 (ran-the-child). fork, forkserver and
#   default never start the program as a child: the target runs, freeze_support
#   is not involved. So the docs' statement that freeze_support() has no effect
#   outside Windows holds up to 3.13 and not from 3.14.
# ---
import multiprocessing
import os
import sys
import tempfile

import mpconform_case
from mpconform_case import observe

# What a freezing tool sets; this emulation sets it at the top of the program,
# so it holds in the original process and in every run of the "application".
sys.frozen = True

# How a run of the application exits when multiprocessing started it as a child
# and freeze_support() returned in it instead of running the child.
FREEZE_SUPPORT_RETURNED = 3
# How it exits when it was started for anything else (a safety stop: it must
# never run the whole program again).
UNEXPECTED_RUN = 4


# Whether this run of the program is one that multiprocessing started as a
# child (read now: spawn's preparation later replaces sys.argv with the
# parent's). A fork or forkserver child never runs the program at all.
STARTED_AS_CHILD_RUN = "--multiprocessing-fork" in sys.argv


def target(marker_path):
    with open(marker_path, "w") as f:
        f.write("via-app" if STARTED_AS_CHILD_RUN else "direct")


def main():
    fixtures = os.path.dirname(os.path.abspath(mpconform_case.__file__))
    os.environ["FROZEN_APP_PYTHON"] = sys.executable
    os.environ["FROZEN_APP_SCRIPT"] = os.path.abspath(__file__)
    # A frozen program's executable is the program itself, for sys.executable
    # and for the executable multiprocessing starts; for a frozen program,
    # spawn runs it with --multiprocessing-fork.
    app = os.path.join(fixtures, "frozen_app.sh")
    sys.executable = app
    multiprocessing.set_executable(app)
    folder = tempfile.mkdtemp(prefix="mpconform-frozen-")
    marker_path = os.path.join(folder, "marker")
    p = multiprocessing.Process(target=target, args=(marker_path,))
    p.start()
    p.join(timeout=10)
    ran = os.path.exists(marker_path)
    how = None
    if ran:
        with open(marker_path) as f:
            how = f.read()
        os.unlink(marker_path)
    os.rmdir(folder)
    observe("child_exitcode", p.exitcode)
    observe("target_ran", "yes" if ran else "no")
    if p.exitcode == FREEZE_SUPPORT_RETURNED:
        child = "did-nothing"
    elif how == "via-app":
        child = "ran-the-child"
    elif how == "direct":
        child = "not-involved"
    else:
        child = "other"
    observe("child_freeze_support", child)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if "--multiprocessing-fork" in sys.argv:
        # A child multiprocessing started, and freeze_support() did not take it
        # over: stop rather than run the whole program again.
        sys.exit(FREEZE_SUPPORT_RETURNED)
    if os.environ.get("FROZEN_APP_SCRIPT") == os.path.abspath(__file__):
        sys.exit(UNEXPECTED_RUN)
    main()
