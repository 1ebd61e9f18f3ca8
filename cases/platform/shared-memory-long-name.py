# ---
# id: shared-memory-long-name
# title: A shared memory block with a long descriptive name (macOS allows 30 characters)
# source: CPython Lib/multiprocessing/shared_memory.py (SharedMemory.__init__, _SHM_SAFE_NAME_LENGTH); Modules/_multiprocessing/posixshmem.c (shm_open); macOS's PSHMNAMLEN (31, with the leading slash)
# claim: >
#   SharedMemory(name=...) passes the name to shm_open. Linux accepts names up to
#   255 characters; macOS refuses those longer than 30 (after the leading "/")
#   with ENAMETOOLONG, errno 63, as an OSError. Names SharedMemory makes itself are
#   short enough everywhere.
# expect:
#   all:
#     - if: os == "macos"
#       outcome: ok
#       observations: {long_name: "OSError 63", own_name: created}
#     - outcome: ok
#       observations: {long_name: created, own_name: created}
# requires: [multiprocessing.shared_memory]
# limits:
#   timeout: 20
# tags: [platform, shared-memory, os-lens]
# notes: >
#   Measured on Linux (3.8, 3.11, 3.13): both created. Under `--os macos` the
#   macos-shm-name rule refuses the 35-character name with errno 63. The pid in
#   the name keeps cells that run at once apart.
# ---
import os
from multiprocessing import shared_memory

from mpconform_case import observe


def attempt(name):
    try:
        block = shared_memory.SharedMemory(name=name, create=True, size=64)
    except OSError as e:
        return "OSError %s" % e.errno
    block.close()
    block.unlink()
    return "created"


def main():
    observe("long_name", attempt("mpconform_case_results_%08d" % os.getpid()))
    observe("own_name", attempt(None))


if __name__ == "__main__":
    main()
