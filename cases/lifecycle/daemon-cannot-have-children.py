# ---
# id: daemon-cannot-have-children
# title: A daemon process tries to start a child of its own
# source: 002_235a08ad9f5203d3.txt (59.20 Daemon Processes)
# claim: >
#   A process marked daemon may not create child processes: its attempt to start
#   one fails inside the daemon, and no grandchild ever runs.
# documented:
#   all: {outcome: ok, observations: {grandchild_ran: "no"}}
# expect:
#   all: {outcome: ok, observations: {grandchild_ran: "no", error_class: AssertionError}}
# limits:
#   timeout: 20
# tags: [daemon, process, lifecycle]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: the daemon's
#   start() raises AssertionError ('daemonic processes are not allowed to have
#   children', raised by Process.start in the daemon), no grandchild runs; the
#   daemon catches it and reports it, so the outcome is ok. Same class on 3.6 to
#   3.15 (an assert, so it would vanish under python -O). The claim holds
#   everywhere.
# ---
import multiprocessing

from mpconform_case import observe


def grandchild(results):
    results.put("grandchild-ran")


def daemon_body(results):
    try:
        p = multiprocessing.Process(target=grandchild, args=(results,))
        p.start()
        p.join(timeout=5)
        results.put("started")
    except BaseException as error:  # the refusal is the point: report its class
        results.put("error:" + type(error).__name__)


def main():
    results = multiprocessing.Queue()
    daemon = multiprocessing.Process(target=daemon_body, args=(results,), daemon=True)
    daemon.start()
    daemon.join(timeout=10)
    # The daemon's last word is "started" or "error:<class>"; a grandchild that
    # ran would have put its item first (the daemon joins it before speaking).
    seen = [results.get(timeout=5)]
    while not (seen[-1] == "started" or seen[-1].startswith("error:")):
        seen.append(results.get(timeout=5))
    errors = [s[len("error:"):] for s in seen if s.startswith("error:")]
    observe("grandchild_ran", "yes" if "grandchild-ran" in seen else "no")
    observe("error_class", errors[0] if errors else "none")


if __name__ == "__main__":
    main()
