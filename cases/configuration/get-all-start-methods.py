# ---
# id: get-all-start-methods
# title: Which start methods exist here, and which one is the default
# source: 002_235a08ad9f5203d3.txt (59.4 Process Creation Methods); 000_5d99f4b9d20b599b.txt (the default on Ubuntu); 003_2ffb3f86c344afa1.txt (the change of the POSIX default)
# claim: >
#   On a Unix such as Linux all three start methods are available (fork, spawn,
#   forkserver). Seed 000 adds that Linux's default is fork; seed 003 records the
#   decision to move the POSIX default away from fork (to forkserver, in 3.14),
#   which makes that statement true only of older versions.
# documented:
#   default: {outcome: ok, observations: {methods_sorted: "fork,forkserver,spawn", start_method: fork}}
#   all: {outcome: ok, observations: {methods_sorted: "fork,forkserver,spawn"}}
# expect:
#   default:
#     - if: python >= 3.14
#       outcome: ok
#       observations: {methods: "forkserver,fork,spawn", methods_sorted: "fork,forkserver,spawn", start_method: forkserver}
#     - outcome: ok
#       observations: {methods: "fork,spawn,forkserver", methods_sorted: "fork,forkserver,spawn", start_method: fork}
#   all:
#     - if: python >= 3.14
#       outcome: ok
#       observations: {methods: "forkserver,fork,spawn", methods_sorted: "fork,forkserver,spawn"}
#     - outcome: ok
#       observations: {methods: "fork,spawn,forkserver", methods_sorted: "fork,forkserver,spawn"}
# limits:
#   timeout: 20
# tags: [configuration, start-method, version-dependent]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every interpreter lists all
#   three methods: 'fork,spawn,forkserver' up to 3.13.0, 'forkserver,fork,spawn'
#   on 3.14.10 and 3.15.2 (the default first). The default cell's
#   get_start_method() is fork up to 3.13 and forkserver on 3.14 and 3.15. So
#   the book's claim (all three on Unix) holds everywhere, while seed 000's
#   'Linux defaults to fork' holds only up to 3.13: the default cell of 3.14.10
#   and 3.15.2 does not satisfy it (seed 003 records the decision that changed
#   it).
# ---
import multiprocessing

from mpconform_case import observe


def main():
    methods = multiprocessing.get_all_start_methods()
    observe("methods", ",".join(methods))
    observe("methods_sorted", ",".join(sorted(methods)))
    # Under default nothing has chosen a method yet, so this is the platform's
    # default; under the other cells it is the method the harness set.
    observe("start_method", multiprocessing.get_start_method())


if __name__ == "__main__":
    main()
