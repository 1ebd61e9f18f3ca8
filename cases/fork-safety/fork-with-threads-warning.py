# ---
# id: fork-with-threads-warning
# title: Forking while another thread runs warns from 3.12 on
# source: 003_2ffb3f86c344afa1.txt (fork without exec is broken with threads); CPython docs, os.fork
# claim: >
#   Starting a process by fork while other threads are alive is unsafe, and from
#   Python 3.12 os.fork() says so with a DeprecationWarning in the parent. spawn
#   and forkserver do not fork the multi-threaded parent, so they never warn.
# documented:
#   fork:
#     - if: python >= 3.12
#       outcome: ok
#       observations: {deprecation_warning: "yes"}
#     - outcome: ok
#       observations: {deprecation_warning: "no"}
# expect:
#   fork:
#     - if: python >= 3.12
#       outcome: ok
#       observations: {deprecation_warning: "yes"}
#     - outcome: ok
#       observations: {deprecation_warning: "no"}
#   spawn: {outcome: ok, observations: {deprecation_warning: "no"}}
#   forkserver: {outcome: ok, observations: {deprecation_warning: "no"}}
#   default:
#     - if: os == "linux" and python >= 3.12 and python < 3.14
#       outcome: ok
#       observations: {deprecation_warning: "yes"}
#     - outcome: ok
#       observations: {deprecation_warning: "no"}
# tags: [fork-safety, threads, warnings, version-dependent]
# notes: >
#   Measured with the harness on 3.6 to 3.15 (Linux): the warning appears
#   exactly under fork on 3.12 and later, and under default on 3.12 and 3.13,
#   whose Linux default is fork; 3.14 made forkserver the default, so default
#   stops warning. The case records warnings of the DeprecationWarning class
#   raised while the process starts, whatever their text.
# ---
import multiprocessing
import threading
import warnings

from mpconform_case import observe


def child():
    pass


if __name__ == "__main__":
    stop = threading.Event()
    # A second thread that is alive (blocked, harmlessly) while the process starts.
    waiter = threading.Thread(target=stop.wait, daemon=True)
    waiter.start()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p = multiprocessing.Process(target=child)
        p.start()
    p.join(10)
    stop.set()
    waiter.join(10)
    warned = any(issubclass(w.category, DeprecationWarning) for w in caught)
    observe("deprecation_warning", "yes" if warned else "no")
