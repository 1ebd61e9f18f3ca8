# ---
# id: numpy-matmul-openblas-pthread
# title: NumPy on pthreads OpenBLAS multiplies a large matrix in the parent, then in a child
# source: 003_2ffb3f86c344afa1.txt (NumPy's background thread pool as a fork-after-threads hazard); Debian's libopenblas0-pthread package (OpenBLAS built with its own pthreads thread server, not OpenMP)
# claim: >
#   Seed 003 names NumPy's thread pool among the ways threads reach a program
#   behind its author's back, so a fork child of a parent whose matrix
#   product ran on that pool would hang in its own product. This case is the
#   same program as numpy-matmul-openblas-openmp with OpenBLAS's pthreads
#   build, whose pool is OpenBLAS's own thread server.
# requires: [numpy, {library: openblas-pthread/libopenblas.so.0}]
# documented:
#   fork: deadlock
#   spawn: ok
#   forkserver: ok
# expect:
#   fork: {outcome: ok, observations: {child_blas: pthread}}
#   spawn: {outcome: ok, observations: {child_blas: pthread}}
#   forkserver: {outcome: ok, observations: {child_blas: pthread}}
#   default: {outcome: ok, observations: {child_blas: pthread}}
# limits:
#   timeout: 20
# tags: [libraries, numpy, openblas, pthread, fork-safety, threads]
# notes: >
#   Measured on /usr/bin/python3 3.11.2 with python3-numpy 1.24.2 and
#   libopenblas0-pthread 0.3.21 (loaded per process, see _libcases.py).
#   Standalone (as in numpy-matmul-openblas-openmp): fork 10/10 ok, spawn 4/4,
#   forkserver 4/4 ok. Under the harness (`mpconform repro ... --runs 10`):
#   fork 10/10 ok, spawn 4/4, forkserver 4/4 ok. This fits OpenBLAS's
#   pthreads server handling fork itself (its source registers fork handlers
#   that stop the server's threads, and the child starts new ones when it
#   needs them). So the seed's warning does not hold for this build of NumPy's
#   BLAS; it holds for the OpenMP build (numpy-matmul-openblas-openmp).
# ---
import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _libcases  # noqa: E402

_libcases.use_openblas("pthread")  # before numpy, in every process that imports this file
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
