# ---
# id: lambda-closure-target
# title: A lambda closing over a local variable as the Process target
# source: 001_ddb8eec4bcf715dc.txt (the lambda reading a dict, before and after Python 3.8 on macOS)
# claim: >
#   Under fork a lambda that reads a variable of its enclosing function works as a
#   Process target, and the child sees the variable's value because it is a copy
#   of the parent; under spawn (the macOS default since 3.8) the lambda cannot be
#   pickled and so never reaches the child.
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
# ---
import multiprocessing

from mpconform_case import observe


def main():
    settings = {"mode": "from-enclosing-scope"}
    results = multiprocessing.Queue()
    # `settings` lives in a closure cell of this lambda. fork copies the cell with
    # the rest of memory; spawn/forkserver would have to pickle the lambda itself.
    target = lambda q: q.put(settings["mode"])  # noqa: E731 (the lambda is the point)
    child = multiprocessing.Process(target=target, args=(results,))
    child.start()  # spawn/forkserver: raises here, in the parent, while pickling
    observe("child_sees", results.get(timeout=5))
    child.join(timeout=5)


if __name__ == "__main__":
    main()
