# ---
# id: torch-intraop-parent-then-child
# title: PyTorch runs a matrix product on its intra-op thread pool in the parent, then a child does torch work
# source: 003_2ffb3f86c344afa1.txt (PyTorch named among the libraries whose threads make fork deadlock); PyTorch docs, "CPU threading and TorchScript inference" (intra-op parallelism, torch.set_num_threads)
# claim: >
#   Seed 003 cites PyTorch as a library whose background threads turn fork
#   into a hang. Its intra-op pool (OpenMP in Debian's build) is started by
#   the parent's first parallel operation; a fork child that then runs a
#   parallel operation of its own should hang. spawn and forkserver children
#   start a fresh runtime.
# requires: [torch]
# documented:
#   fork: deadlock
#   spawn: ok
#   forkserver: ok
# expect:
#   fork: deadlock
#   spawn: {outcome: ok, observations: {child_done: "yes"}}
#   forkserver: {outcome: ok, observations: {child_done: "yes"}}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: deadlock
#     - outcome: ok
# limits:
#   timeout: 30
# tags: [libraries, torch, openmp, fork-safety, threads]
# notes: >
#   Measured on /usr/bin/python3 3.11.2 with Debian's python3-torch 1.13.1
#   (ATen parallel backend OpenMP, libgomp; on this 2-CPU machine torch
#   starts with one intra-op thread, so the case asks for two). Standalone
#   (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, output to
#   pipes, still running after 12 s counted as hung): fork 10/10 hung, spawn
#   4/4 and forkserver 4/4 ok. Under the harness (`mpconform repro
#   torch-intraop-parent-then-child --runs 10`): fork 10/10 deadlock (called
#   1.0 to 2.9 s after start), spawn 4/4 ok. The child's only thread waits
#   in a futex inside libgomp, called from at::TensorIteratorBase::for_each
#   in libtorch_cpu (already torch.ones needs the pool), and spends no CPU;
#   the parent waits in join(). The claim holds, but only when the parent ran
#   parallel work first: see torch-child-only and torch-one-thread.
# ---
import multiprocessing

import torch

from mpconform_case import knob, observe

N = 512
PARENT_WORK = knob("PARENT_WORK", 1)
THREADS = knob("THREADS", 2)


def product():
    a = torch.ones(N, N, dtype=torch.float64)
    return float((a @ a).sum())


def child():
    observe("child_threads", torch.get_num_threads())
    product()
    observe("child_done", "yes")


if __name__ == "__main__":
    torch.set_num_threads(THREADS)
    if PARENT_WORK:
        product()  # runs on the intra-op pool, which starts its threads now
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()  # untimed on purpose: a child stuck in the runtime hangs here
    observe("child_exitcode", p.exitcode)
