# ---
# id: get-context-fork
# title: Asking for the fork context where there is none (Windows)
# source: CPython Lib/multiprocessing/context.py (BaseContext.get_context, get_all_start_methods' win32 branch); the multiprocessing docs (Contexts and start methods)
# claim: >
#   get_context("fork") returns the fork context on POSIX systems; Windows has
#   only spawn, and the same call raises ValueError ("cannot find context for
#   'fork'"). Code that asks for fork explicitly is not portable to Windows.
# expect:
#   all:
#     - if: os == "windows"
#       outcome: ok
#       observations: {fork_context: ValueError, methods: spawn}
#     - if: os == "macos" and python >= 3.8
#       outcome: ok
#       observations: {fork_context: fork, methods: "spawn,fork,forkserver"}
#     - if: python >= 3.14
#       outcome: ok
#       observations: {fork_context: fork, methods: "forkserver,fork,spawn"}
#     - outcome: ok
#       observations: {fork_context: fork, methods: "fork,spawn,forkserver"}
# limits:
#   timeout: 20
# tags: [platform, start-method, os-lens]
# notes: >
#   Measured on Linux (3.8, 3.11, 3.13): the fork context, all three methods.
#   Under `--os windows` (windows-spawn-only) ValueError and only spawn; under
#   `--os macos` spawn is listed first, as the darwin branch lists it.
# ---
import multiprocessing

from mpconform_case import observe


def main():
    try:
        observe("fork_context", multiprocessing.get_context("fork").get_start_method())
    except ValueError as e:
        observe("fork_context", type(e).__name__)
    observe("methods", ",".join(multiprocessing.get_all_start_methods()))


if __name__ == "__main__":
    main()
