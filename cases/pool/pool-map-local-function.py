# ---
# id: pool-map-local-function
# title: Pool.map over a function defined inside another function
# source: 000_5d99f4b9d20b599b.txt (the closing Pool example)
# claim: >
#   Unlike a Process target, the function given to Pool.map is always pickled,
#   because the pool's workers already exist and receive their tasks through a
#   queue; so a function local to another function fails under every start
#   method, fork included.
# documented:
#   all: pickling-error
# expect:
#   all: pickling-error
# limits:
#   timeout: 20
# tags: [pickling, closures, pool]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0, stdout and stderr to pipes), 5 runs per method: every
#   method 5/5 AttributeError "Can't pickle local object 'main.<locals>.square'"
#   escaping map() in the parent (exit 1, 0.13 to 0.2 s, no hang: the with-block
#   terminates the pool). The traceback carries the task handler thread's
#   frames, so its innermost frame is multiprocessing/reduction.py dumps() even
#   though map() re-raises it. Same on pyenv 3.6.15 to 3.13.0 (1 run per method
#   each); on the Debian sid builds 3.14.10 and 3.15.2
#   (~/.cache/debian-sid-pythons) (3 runs per method) the error is a
#   PicklingError. The seed's claim holds, fork included.
# ---
import multiprocessing

from mpconform_case import observe


def main():
    def square(x):
        return x * x

    # The with-block bounds the pool's life: on the error its __exit__
    # terminates the workers.
    with multiprocessing.Pool(2) as pool:
        # Each task (function and arguments) is pickled by the pool's task
        # handler thread; the failure is re-raised here by map().
        observe("squares", pool.map(square, range(4)))


if __name__ == "__main__":
    main()
