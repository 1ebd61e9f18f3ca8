# ---
# id: pool-map-local-function
# title: Pool.map over a function defined inside another function
# source: 000_5d99f4b9d20b599b.txt (the closing Pool example)
# claim: >
#   Unlike a Process target, the function given to Pool.map is always pickled,
#   because the pool's workers already exist and receive their tasks through a
#   queue; so a function local to another function fails under every start
#   method, fork included.
# expect:
#   all: pickling-error
# limits:
#   timeout: 20
# tags: [pickling, closures, pool]
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
