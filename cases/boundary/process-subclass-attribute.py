# ---
# id: process-subclass-attribute
# title: An attribute set in run() of a Process subclass, read by the parent
# source: 004_0b6ddc07c07e6ec3.txt (Error 3, attributes added in a Process subclass)
# claim: >
#   run() executes in the child, on the child's own copy of the Process object,
#   so an attribute it sets never appears on the parent's object, even after
#   join(); sharing a result needs something like multiprocessing.Value.
# documented:
#   all: {outcome: ok, observations: {parent_sees: missing, shared_value: "42"}}
# expect:
#   all: {outcome: ok, observations: {child_sees: "42", parent_sees: missing, shared_value: "42"}}
# limits:
#   timeout: 20
# tags: [process, isolation, subclass]
# notes: >
#   Measured with /usr/bin/python3 3.11.2, standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   PYTHONHASHSEED=0, stdout and stderr to pipes), 5 runs per method: every
#   method 5/5 ok with child_sees=42, parent_sees=missing, shared_value=42 (0.1
#   to 0.25 s). Same on pyenv 3.6.15 to 3.13.0 (1 run per method each), on the
#   Debian sid builds 3.14.10 and 3.15.2 (~/.cache/debian-sid-pythons) (3 runs
#   per method) and with the method set in the main process only. The claim
#   holds under every method. The seed explains it by every process working on a
#   pickled copy of the object; that fits spawn and forkserver, where the
#   Process object is pickled to the child, but under fork nothing is pickled:
#   the child's object is a copy-on-write copy of the parent's, with the same
#   effect.
# ---
import multiprocessing

from mpconform_case import observe


class Worker(multiprocessing.Process):
    def __init__(self, results, shared):
        super().__init__()
        self.results = results
        self.shared = shared  # a multiprocessing.Value: the documented fix

    def run(self):
        # Runs in the child: sets the attribute on the child's copy only.
        self.answer = 42
        self.shared.value = 42
        self.results.put(self.answer)


if __name__ == "__main__":
    results = multiprocessing.Queue()
    shared = multiprocessing.Value("i", 0)
    worker = Worker(results, shared)
    worker.start()
    observe("child_sees", results.get(timeout=5))
    worker.join(timeout=5)
    # Direct access would raise AttributeError (the seed's symptom); look it up
    # softly so the observation, not an exception, carries the result.
    observe("parent_sees", getattr(worker, "answer", "missing"))
    observe("shared_value", shared.value)
