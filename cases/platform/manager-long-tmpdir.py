# ---
# id: manager-long-tmpdir
# title: A Manager under a long temporary folder (macOS's AF_UNIX paths hold 104 bytes)
# source: CPython Modules/socketmodule.c (getsockaddrarg, the AF_UNIX path length check against sizeof sun_path); Lib/multiprocessing/connection.py (arbitrary_address); Lib/multiprocessing/util.py (get_temp_dir); python/cpython gh-132124
# claim: >
#   A Manager's server listens on a Unix socket named under the temporary folder
#   (TMPDIR/pymp-XXXXXXXX/listener-XXXXXXXX). macOS's sun_path holds 104 bytes
#   (Linux's 108) and its TMPDIR, /var/folders/xx/<26 characters>/T/, is long
#   already: a project folder of 40 characters (and a pid) under it puts the socket past the
#   limit: the server process fails to bind (its OSError is the cell's outcome)
#   and the parent's start() reads end of file; the same program works on Linux.
# expect:
#   all:
#     - if: os == "macos"
#       outcome: exception:OSError
#       observations: {manager: EOFError}
#     - outcome: ok
#       observations: {manager: started}
# limits:
#   timeout: 30
# tags: [platform, manager, os-lens]
# notes: >
#   Measured on Linux with TMPDIR unset (/tmp): the socket path is 77 bytes and
#   the Manager starts under every method. Under `--os macos` the harness gives
#   the cell a 44-character TMPDIR, as long as macOS's, the path becomes 117
#   bytes, and the macos-unix-path rule makes bind() raise OSError("AF_UNIX path
#   too long") in the server process (its traceback on stderr, so the outcome is
#   exception:OSError); the parent's Manager.start() then reads end of file:
#   EOFError. Only the server process gets the long folder (its initializer
#   sets TMPDIR before the Listener is made), so the fork server's own socket,
#   76 bytes under the lens's TMPDIR, is not what fails. A caller's TMPDIR
#   longer than 31 characters would fail natively too.
# ---
import multiprocessing
import multiprocessing.util
import os
import shutil
import tempfile
from multiprocessing.managers import SyncManager

from mpconform_case import observe

PROJECT = "a-project-folder-named-for-what-it-holds"  # 40 characters


def use_project_tmpdir(folder):
    # In the server process, before it makes its Listener: a temporary folder
    # inside the project, as a TMPDIR set by a test runner or a launcher gives.
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = None


def main():
    folder = os.path.join(tempfile.gettempdir(), PROJECT + "-%d" % os.getpid())
    os.makedirs(folder, exist_ok=True)
    # After the server's own clean-up of its pymp- folder inside it.
    multiprocessing.util.Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=-200)
    manager = SyncManager()
    try:
        manager.start(use_project_tmpdir, (folder,))
    except (OSError, EOFError) as e:
        observe("manager", type(e).__name__)
    else:
        manager.shutdown()
        observe("manager", "started")


if __name__ == "__main__":
    main()
