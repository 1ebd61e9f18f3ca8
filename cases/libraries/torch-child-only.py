# ---
# id: torch-child-only
# title: A parent imports PyTorch but runs nothing on its pool; a fork child then does torch work
# source: 003_2ffb3f86c344afa1.txt (PyTorch named among the libraries whose threads make fork deadlock); PyTorch docs, "CPU threading and TorchScript inference" (intra-op parallelism, torch.set_num_threads)
# claim: >
#   Seed 003 cites PyTorch as a library whose background threads turn fork
#   into a hang. If the hazard comes from the intra-op pool's threads, a
#   parent that imported torch but never ran parallel work has none to lose,
#   and its fork child can use torch.
# requires: [torch]
# documented:
#   all: ok
# expect:
#   all: {outcome: ok, observations: {child_done: "yes"}}
# limits:
#   timeout: 30
# tags: [libraries, torch, openmp, fork-safety, threads]
# notes: >
#   Same program as torch-intraop-parent-then-child without the parent's
#   product: importing torch and setting two threads starts no thread yet.
#   Measured on /usr/bin/python3 3.11.2, python3-torch 1.13.1. Standalone:
#   fork 10/10 ok (the child runs on a fresh OpenMP team of two threads,
#   child_threads=2), spawn 4/4 and forkserver 4/4 ok (a fresh interpreter,
#   one thread by default). Under the harness (`mpconform repro
#   torch-child-only --runs 10`): fork 10/10, spawn 4/4, forkserver 4/4 ok.
#   So the documented fork hang needs the pool to have run before the fork;
#   importing PyTorch alone is safe here.
# ---
import multiprocessing

import torch

from mpconform_case import knob, observe

N = 512
PARENT_WORK = knob("PARENT_WORK", 0)
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
