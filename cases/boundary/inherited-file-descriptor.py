# ---
# id: inherited-file-descriptor
# title: A child reads from a raw file descriptor number the parent opened
# source: 002_235a08ad9f5203d3.txt (59.5 fork, 59.27 File Descriptors and Handles)
# claim: >
#   A fork child inherits the parent's open file descriptors, so it can use a
#   raw descriptor number the parent opened, even one marked close-on-exec
#   (nothing is exec'd). A spawn child is a new program started by exec and
#   gets only the descriptors multiprocessing passes on purpose; a forkserver
#   child is forked from the server, which never had the parent's descriptors.
#   Neither can use the number, even when the descriptor is marked inheritable.
# documented:
#   fork: {outcome: ok, observations: {child_reads_cloexec_fd: "yes"}}
# expect:
#   fork: {outcome: ok, observations: {child_reads_cloexec_fd: "yes", child_reads_inheritable_fd: "yes"}}
#   spawn: {outcome: ok, observations: {child_reads_cloexec_fd: "no", child_reads_inheritable_fd: "no"}}
#   forkserver: {outcome: ok, observations: {child_reads_cloexec_fd: "no", child_reads_inheritable_fd: "no"}}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {child_reads_cloexec_fd: "yes", child_reads_inheritable_fd: "yes"}
#     - outcome: ok
#       observations: {child_reads_cloexec_fd: "no", child_reads_inheritable_fd: "no"}
# limits:
#   timeout: 20
# tags: [boundary, file-descriptors, fork]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). The parent puts one file on
#   descriptors 200 (close-on-exec, as Python opens every file since PEP 446)
#   and 201 (marked inheritable); the child lseeks and reads each. fork: both
#   readable in every version. spawn: both EBADF (the exec'd interpreter gets
#   only the descriptors multiprocessing passes, whatever their inheritable
#   flag). forkserver: both EBADF (the child is forked from the server). default
#   follows fork up to 3.13 and forkserver from 3.14. The book's fork claim
#   holds, and the close-on-exec flag does not protect a descriptor from a fork
#   child.
# ---
import multiprocessing
import os
import tempfile

from mpconform_case import observe

# High numbers nothing else in a child is likely to be given by chance.
CLOEXEC_FD = 200
INHERITABLE_FD = 201
CONTENT = b"parent-file-content"


def read_fd(fd):
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = os.read(fd, 100)
    except OSError as error:
        return "no (%s)" % os.strerror(error.errno)
    return "yes" if data == CONTENT else "no (other data %r)" % data


def child(results):
    results.put((read_fd(CLOEXEC_FD), read_fd(INHERITABLE_FD)))


def main():
    with tempfile.TemporaryFile() as f:
        f.write(CONTENT)
        f.flush()
        os.dup2(f.fileno(), CLOEXEC_FD, inheritable=False)
        os.dup2(f.fileno(), INHERITABLE_FD, inheritable=True)
        results = multiprocessing.Queue()
        p = multiprocessing.Process(target=child, args=(results,))
        p.start()
        cloexec, inheritable = results.get(timeout=10)
        p.join(timeout=10)
        os.close(CLOEXEC_FD)
        os.close(INHERITABLE_FD)
    # Only yes or no are expected; the reason stays in the value for the record.
    observe("child_reads_cloexec_fd", cloexec.split(" ")[0])
    observe("child_reads_inheritable_fd", inheritable.split(" ")[0])
    observe("why_not", "; ".join(v for v in (cloexec, inheritable) if v != "yes") or "-")


if __name__ == "__main__":
    main()
