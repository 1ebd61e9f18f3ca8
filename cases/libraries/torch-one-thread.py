# ---
# id: torch-one-thread
# title: torch.set_num_threads(1), a product in the parent, then a child does torch work
# source: 003_2ffb3f86c344afa1.txt (PyTorch named among the libraries whose threads make fork deadlock); PyTorch docs, "CPU threading and TorchScript inference" (intra-op parallelism, torch.set_num_threads)
# claim: >
#   Seed 003 cites PyTorch as a library whose background threads turn fork
#   into a hang. With torch.set_num_threads(1) the parent's product runs on
#   the calling thread alone, no pool thread exists at the fork, and a fork
#   child can use torch (the usual advice for forking PyTorch programs).
# requires: [torch]
# documented:
#   all: ok
# expect:
#   fork: {outcome: ok, observations: {child_done: "yes", child_threads: "1"}}
#   all: {outcome: ok, observations: {child_done: "yes"}}
# limits:
#   timeout: 30
# tags: [libraries, torch, openmp, fork-safety, threads]
# notes: >
#   Same program as torch-intraop-parent-then-child with one intra-op
#   thread. Measured on /usr/bin/python3 3.11.2, python3-torch 1.13.1.
#   Standalone: fork 10/10 ok, spawn 4/4, forkserver 4/4 ok. Under the
#   harness (`mpconform repro torch-one-thread --runs 10`): fork 10/10,
#   spawn 4/4, forkserver 4/4 ok. With two threads the same program hangs
#   under fork 10/10, so the single-thread advice holds here.
# ---
import multiprocessing

import torch

from mpconform_case import knob, observe

N = 512
PARENT_WORK = knob("PARENT_WORK", 1)
THREADS = knob("THREADS", 1)


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
