# ---
# id: lambda-closure-target
# title: A lambda closing over a local variable as the Process target
# source: 001_ddb8eec4bcf715dc.txt (the lambda reading a dict, before and after Python 3.8 on macOS)
# claim: >
#   Under fork a lambda that reads a variable of its enclosing function works as a
#   Process target, and the child sees the variable's value because it is a copy
#   of the parent; under spawn (the macOS default since 3.8) the lambda cannot be
#   pickled and so never reaches the child.
# documented:
#   fork: {outcome: ok, observations: {child_sees: from-enclosing-scope}}
#   spawn: pickling-error
# expect:
#   fork: {outcome: ok, observations: {child_sees: from-enclosing-scope}}
#   spawn: pickling-error
#   forkserver: pickling-error
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {child_sees: from-enclosing-scope}
#     - outcome: pickling-error
# limits:
#   timeout: 20
# tags: [pickling, closures, lambda, process]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0, stdout and stderr to pipes), 5 runs per method: fork 5/5
#   ok, child_sees=from-enclosing-scope (~0.10 s); spawn 5/5 and forkserver 5/5
#   AttributeError "Can't pickle local object 'main.<locals>.<lambda>'" from the
#   parent's start() (innermost frame multiprocessing/reduction.py); default 5/5
#   as fork. Same on pyenv 3.6.15 to 3.13.0 (1 run per method each); on the
#   Debian sid builds 3.14.10 and 3.15.2 (~/.cache/debian-sid-pythons) (3 runs
#   per method) a PicklingError, and default follows forkserver. Where the
#   seed's account does not hold: the failure is not the child being unable to
#   dereference the closure cell; the parent fails while pickling, inside
#   start(), before any child exists (the traceback ends in the parent's
#   reduction.dump). The seed's message (PicklingError "attribute lookup
#   <lambda> on __main__ failed") is what a module-level lambda gives; a lambda
#   inside a function gives AttributeError "Can't pickle local object" up to
#   3.13 (PicklingError on 3.14 and 3.15). The seed's other point, that the
#   child cannot write back into the parent's dict, is covered by
#   child-mutates-global.
# ---
import multiprocessing

from mpconform_case import observe


def main():
    settings = {"mode": "from-enclosing-scope"}
    results = multiprocessing.Queue()
    # `settings` lives in a closure cell of this lambda. fork copies the cell with
    # the rest of memory; spawn/forkserver would have to pickle the lambda itself.
    target = lambda q: q.put(settings["mode"])  # noqa: E731 (the point)
    child = multiprocessing.Process(target=target, args=(results,))
    child.start()  # spawn/forkserver: raises here, in the parent, while pickling
    observe("child_sees", results.get(timeout=5))
    child.join(timeout=5)


if __name__ == "__main__":
    main()
