# ---
# id: grpc-server-in-parent
# title: A gRPC server and channel run on loopback in the parent; a child then makes its own call
# source: 003_2ffb3f86c344afa1.txt (grpc named among the libraries whose threads make fork deadlock); gRPC docs, "gRPC Python fork support" (doc/fork_support.md, on GRPC_ENABLE_FORK_SUPPORT and GRPC_POLL_STRATEGY)
# claim: >
#   Seed 003 cites gRPC as a library that starts threads of its own (its
#   completion-queue poller and the server's threads), so a process forked
#   while they run inherits gRPC's core state without them. gRPC's own
#   documentation says fork is supported only with fork support switched on
#   and then only in narrow cases; without it a forked child that uses gRPC
#   may hang or fail. spawn and forkserver children start gRPC afresh.
# requires: [grpc]
# documented:
#   fork: [deadlock, timeout, exception:_InactiveRpcError]
#   spawn: ok
#   forkserver: ok
# expect:
#   fork: [timeout, ok, crash:SIGSEGV]
#   spawn: {outcome: ok, observations: {child_reply: "pong:ping"}}
#   forkserver: {outcome: ok, observations: {child_reply: "pong:ping"}}
#   default:
#     - if: os == "linux" and python < 3.14
#       outcome: [timeout, ok, crash:SIGSEGV]
#     - outcome: ok
# limits:
#   timeout: 8
# tags: [libraries, grpc, fork-safety, threads]
# notes: >
#   Measured on /usr/bin/python3 3.11.2 with Debian's python3-grpcio 1.51.1.
#   Standalone (PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped,
#   output to pipes): fork 10/10 still running after 8 s, spawn 4/4 and
#   forkserver 4/4 ok. Under the harness (`mpconform repro
#   grpc-server-in-parent --runs 5`, deadline 25 s): fork 5/5 timeout. The
#   child never returns from its call although the call has a 10 s deadline:
#   gdb shows its main thread in absl's Waiter::Wait called from cygrpc,
#   beside gRPC's event_engine and timer_manager threads (re-created in the
#   child). Those waits have timeouts, and so do the parent's server threads,
#   which are alive and serving, so by the probe's rules the tree could still
#   move: the outcome is `timeout` at the deadline, not `deadlock`; the
#   evidence names gRPC's frames all the same. The claim holds as "may hang".
#   The parent itself may also die of SIGSEGV right after the fork, with
#   nothing on stderr: plain python3 did so in 1 of 30 runs (a loop that
#   counted runs ended by a signal within their first second), the harness in
#   1 CI run.
#   Not always: in a later full CI run on a loaded machine one fork cell of
#   two ended ok (the child's call was answered), so fork is intermittent:
#   [timeout, ok], the hang usual.
#   The deadline is 8 s: an answered call returns in under a second and a
#   hung one did not end by itself within 25 s, so waiting longer only slows
#   the matrix (both were 15 s before; the outcomes were the same).
# ---
import multiprocessing
import os
from concurrent import futures

from mpconform_case import knob, observe  # noqa: E402

FORK_SUPPORT = knob("FORK_SUPPORT", 0)
if FORK_SUPPORT:  # read by gRPC's core when it is first imported
    os.environ["GRPC_ENABLE_FORK_SUPPORT"] = "1"
    os.environ["GRPC_POLL_STRATEGY"] = "poll"

import grpc  # noqa: E402

METHOD = "/mpconform.Echo/Say"


def call(port):
    with grpc.insecure_channel("127.0.0.1:%d" % port) as channel:
        say = channel.unary_unary(METHOD)  # bytes in, bytes out: no protobuf needed
        return say(b"ping", timeout=10)


def child(port):
    observe("child_reply", call(port).decode())


def echo(request, context):
    return b"pong:" + request


if __name__ == "__main__":
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    handler = grpc.method_handlers_generic_handler(
        "mpconform.Echo", {"Say": grpc.unary_unary_rpc_method_handler(echo)})
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    observe("parent_reply", call(port).decode())  # the poller threads are running now
    p = multiprocessing.Process(target=child, args=(port,))
    p.start()
    p.join()  # untimed on purpose: a child stuck in gRPC's core hangs here
    observe("child_exitcode", p.exitcode)
    server.stop(grace=None)
