# ---
# id: set-start-method-twice
# title: set_start_method() called once the start method has been fixed
# source: CPython docs, multiprocessing, Contexts and start methods (set_start_method); 002_235a08ad9f5203d3.txt (59.4 Process Creation Methods)
# claim: >
#   The start method may be set once per program: once it is fixed, another
#   set_start_method() call raises RuntimeError (context has already been set),
#   even for the same method; force=True replaces it.
# documented:
#   all: {outcome: ok, observations: {second_call: RuntimeError, forced_call: ok}}
# expect:
#   default: {outcome: ok, observations: {first_call: ok, second_call: RuntimeError, forced_call: ok, method_after: spawn, child_ran: "yes"}}
#   all: {outcome: ok, observations: {first_call: RuntimeError, second_call: RuntimeError, forced_call: ok, method_after: spawn, child_ran: "yes"}}
# limits:
#   timeout: 20
# tags: [configuration, start-method]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). The case calls
#   set_start_method('spawn') twice, then with force=True, then starts a child.
#   default: first call ok (nothing had fixed the method: the harness leaves it
#   alone for default and its start-up code reads the default without fixing
#   it), second RuntimeError ('context has already been set'), forced ok. fork,
#   spawn, forkserver: the first call already raises RuntimeError, because the
#   harness (and fixtures/standalone for hand runs) calls set_start_method(M)
#   before the case runs, exactly as a program that sets the method at start-up
#   and then calls it again would; second RuntimeError, forced ok. Every cell
#   ends with spawn in force and a child that ran. Same on every interpreter,
#   3.6.15 to 3.15.2. The documented claim (a second call raises, force=True
#   overrides) holds everywhere; only the first call's result is the harness's
#   doing.
# ---
import multiprocessing

from mpconform_case import observe


def call(**kwargs):
    try:
        multiprocessing.set_start_method("spawn", **kwargs)
        return "ok"
    except Exception as error:
        return type(error).__name__


def child(results):
    results.put("yes")


def main():
    # Under fork, spawn and forkserver the harness (and fixtures/standalone) has
    # already set the method before this program runs; under default nothing has.
    observe("first_call", call())
    observe("second_call", call())
    observe("forced_call", call(force=True))
    observe("method_after", multiprocessing.get_start_method())
    results = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(results,))
    p.start()
    observe("child_ran", results.get(timeout=10))
    p.join(timeout=10)


if __name__ == "__main__":
    main()
