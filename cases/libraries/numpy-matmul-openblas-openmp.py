# ---
# id: numpy-matmul-openblas-openmp
# title: NumPy on OpenMP OpenBLAS multiplies a large matrix in the parent, then in a child
# source: 003_2ffb3f86c344afa1.txt (NumPy's background thread pool as a fork-after-threads hazard); GCC libgomp manual (OpenMP runtime, OMP_WAIT_POLICY, GOMP_SPINCOUNT)
# claim: >
#   Seed 003 names NumPy's thread pool as one of the ways threads reach a
#   program behind its author's back. With the OpenMP build of OpenBLAS that
#   pool is libgomp's team: a parent whose matrix product ran on the team
#   forks a child that inherits libgomp's record of the team but none of its
#   threads, and the child's own product never ends. spawn and forkserver
#   children load a fresh libgomp and are fine.
# requires: [numpy, {library: openblas-openmp/libopenblas.so.0}]
# documented:
#   fork: deadlock
#   spawn: ok
#   forkserver: ok
# expect:
#   fork: deadlock
#   spawn: {outcome: ok, observations: {child_blas: openmp+libgomp}}
#   forkserver: {outcome: ok, observations: {child_blas: openmp+libgomp}}
#   default:
#     - if: python < 3.14
#       outcome: deadlock
#     - outcome: ok
# limits:
#   timeout: 20
# tags: [libraries, numpy, openblas, openmp, fork-safety, threads, deadlock]
# notes: >
#   Measured on /usr/bin/python3 3.11.2 with Debian's python3-numpy 1.24.2 and
#   libopenblas0-openmp 0.3.21 (selected per process by loading that folder's
#   libraries before numpy: see _libcases.py; the observations confirm which
#   build and runtime each process mapped). Standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, output to
#   pipes, a run still going after 8 s counted as hung): fork 10/10 hung,
#   spawn 4/4 and forkserver 4/4 ok. Under the harness (`mpconform repro
#   numpy-matmul-openblas-openmp --runs 10 --method fork`): 10/10 deadlock,
#   spawn 4/4 and forkserver 4/4 ok. The hung child is not idle: gdb shows its
#   only thread inside GOMP_parallel, called from OpenBLAS's exec_blas, either
#   waiting in a futex or, more often, at full CPU calling sched_yield in a
#   loop inside OpenBLAS's own code (waiting for a team member that does not
#   exist in the child). Before the probe looked at instruction pointers, 6 of
#   10 such runs ran into the deadline as `timeout`; now the spin is a
#   deadlock and the evidence names it (`a spin loop in libopenblas.so.0`,
#   native_where `... from GOMP_parallel in libgomp.so.1`). Compare
#   numpy-matmul-openblas-pthread, where the same program is fine. The claim
#   holds.
# ---
import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _libcases  # noqa: E402

_libcases.use_openblas("openmp")  # before numpy, in every process that imports this file
import numpy  # noqa: E402

from mpconform_case import observe  # noqa: E402

N = 600  # large enough that OpenBLAS splits the product over its threads


def product():
    a = numpy.arange(N * N, dtype=numpy.float64).reshape(N, N) / (N * N)
    return float((a @ a).trace())


def child():
    observe("child_blas", _libcases.mapped_blas())
    product()


if __name__ == "__main__":
    product()  # the parent's product starts libgomp's team
    observe("parent_blas", _libcases.mapped_blas())
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()  # untimed on purpose: a child stuck in libgomp hangs here
    observe("child_exitcode", p.exitcode)
