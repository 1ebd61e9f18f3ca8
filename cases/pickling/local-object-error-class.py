# ---
# id: local-object-error-class
# title: The exception class raised for an unpicklable local function
# source: 000_5d99f4b9d20b599b.txt (the AttributeError its author met); CPython 3.14 changelog, pickle
# claim: >
#   Starting a process whose target is a function defined inside another function
#   fails under spawn and forkserver because the target cannot be pickled. The seed
#   quotes an AttributeError; code that catches that class by name breaks on 3.14,
#   where pickle raises PicklingError for local objects instead.
# documented:
#   spawn: {outcome: pickling-error, observations: {error_class: AttributeError}}
# expect:
#   fork: {outcome: ok, observations: {error_class: none}}
#   spawn: &not-picklable
#     - if: python >= 3.14
#       outcome: pickling-error
#       observations: {error_class: PicklingError}
#     - outcome: pickling-error
#       observations: {error_class: AttributeError}
#   forkserver: *not-picklable
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: ok
#       observations: {error_class: none}
#     - if: python >= 3.14
#       outcome: pickling-error
#       observations: {error_class: PicklingError}
#     - outcome: pickling-error
#       observations: {error_class: AttributeError}
# tags: [pickling, closures, version-dependent]
# notes: >
#   Measured with the harness on 3.6 to 3.15 (Linux): AttributeError ("Can't
#   pickle local object") up to 3.13, PicklingError from 3.14. The harness's
#   outcome is pickling-error either way, since it matches where pickling
#   failed, not the class; the observation records the class itself. Claims
#   view: the seed's AttributeError (documented under spawn) holds on 3.6 to
#   3.13 and not on 3.14.10 and 3.15.2, where the class is PicklingError.
# ---
import multiprocessing

from mpconform_case import observe


def main():
    def local_target():
        pass

    p = multiprocessing.Process(target=local_target)
    try:
        p.start()
    except Exception as error:
        observe("error_class", type(error).__name__)
        raise
    p.join(10)
    observe("error_class", "none")


if __name__ == "__main__":
    main()
