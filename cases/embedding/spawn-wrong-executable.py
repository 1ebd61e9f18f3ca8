# ---
# id: spawn-wrong-executable
# title: spawn with an executable that is not a Python interpreter (an embedding host that never called set_executable)
# source: 001_ddb8eec4bcf715dc.txt (how spawn builds the child's command line); CPython docs, multiprocessing, set_executable
# claim: >
#   A spawn child is a new run of the program named by the spawn executable
#   (sys.executable unless set_executable() says otherwise), given `-c` and a
#   bootstrap command. A host that embeds Python has its own binary there, not a
#   Python interpreter, so unless it calls set_executable() the program it
#   starts is not Python and the target never runs. fork runs no program at all.
# documented:
#   fork: {outcome: ok, observations: {target_ran: "yes"}}
#   spawn: {outcome: ok, observations: {target_ran: "no"}}
# expect:
#   fork: {outcome: ok, observations: {start_raised: "no", child_exitcode: "0", target_ran: "yes"}}
#   spawn: {outcome: ok, observations: {start_raised: "no", child_exitcode: "0", target_ran: "no"}}
#   forkserver:
#     - if: python >= 3.14
#       outcome: ok
#       observations: {start_raised: "yes", start_error_class: ConnectionResetError, target_ran: "no"}
#     - outcome: ok
#       observations: {start_raised: "yes", start_error_class: EOFError, target_ran: "no"}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {start_raised: "no", child_exitcode: "0", target_ran: "yes"}
#     - outcome: ok
#       observations: {start_raised: "yes", start_error_class: ConnectionResetError, target_ran: "no"}
# limits:
#   timeout: 20
# tags: [embedding, spawn, executable]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). No embedded host can be
#   built here, so this is an emulation: set_executable() names
#   fixtures/not_python_host.sh, a program that is not Python, ignores its
#   arguments, runs for 0.5 s and exits 0 (an application binary would run too;
#   the 0.5 s keeps it alive while the parent writes the child's data: an
#   executable that exits at once, /bin/true, made start() race with its death,
#   a BrokenPipeError on 3.14 and 3.15, whose spawn closes its own copy of the
#   child's pipe end before writing). fork: the target runs (the executable is
#   never used). spawn: start() succeeds, the child exits 0, and the target
#   never ran, on every interpreter: nothing reports it. forkserver: the fork
#   server itself is started from the executable, so start() raises: EOFError up
#   to 3.13 (no pid from the dead server), ConnectionResetError from 3.14 (its
#   authentication handshake); the case catches and records it. The documented
#   claims hold. The harness's own runner in --exe-mode host is a real embedding
#   host that does set the executable (to itself, acting as an interpreter),
#   which is why it works.
# ---
import multiprocessing
import os
import tempfile

import mpconform_case
from mpconform_case import observe

# Stands in for an embedding application's own binary (fixtures/): it exists and
# runs for half a second, but it is not Python and ignores its arguments.
NOT_PYTHON = os.path.join(os.path.dirname(os.path.abspath(mpconform_case.__file__)),
                          "not_python_host.sh")


def target(marker_path):
    with open(marker_path, "w") as f:  # a file, not shared memory: see notes
        f.write("ran")


def main():
    multiprocessing.set_executable(NOT_PYTHON)
    folder = tempfile.mkdtemp(prefix="mpconform-exe-")
    marker_path = os.path.join(folder, "marker")
    p = multiprocessing.Process(target=target, args=(marker_path,))
    try:
        p.start()
        started = True
    except Exception as error:  # which class depends on timing: not checked
        observe("start_error_class", type(error).__name__)
        started = False
    observe("start_raised", "no" if started else "yes")
    if started:
        p.join(timeout=10)
        observe("child_exitcode", p.exitcode)
    ran = os.path.exists(marker_path)
    if ran:
        os.unlink(marker_path)
    os.rmdir(folder)
    observe("target_ran", "yes" if ran else "no")


if __name__ == "__main__":
    main()
