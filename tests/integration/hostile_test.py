"""Every hostile case (tests/hostile) ends as its contained outcome within its
limits, the limit that was hit is reported with what was measured, a limit given on
the command line wins over the case's, and nothing is left behind: no process (the
escaped grandchild and the clean-environment daemon included), no /dev/shm entry or
semaphore, no System V IPC object, no cgroup."""
import os

from harness import Leaks, SOURCE_DIR, check, run_matrix, why_no_results

HOSTILE = os.path.join(SOURCE_DIR, "tests", "hostile")

leaks = Leaks(marker="sleep 3600")
code, doc, out, err, _ = run_matrix(["--cases-dir", HOSTILE, "--jobs", "2"])
check(doc is not None, why_no_results(code, err))
fails = [(c["case"], c["method"], c["outcome"], c["reason"]) for c in doc["cells"] if c["verdict"] != "PASS"]
check(not fails, "cells not as expected: %s\n%s" % (fails, out[-3000:]))
check(code == 0 and doc["run"]["complete"], "exit %d, complete=%s" % (code, doc["run"]["complete"]))
check(len(doc["cells"]) == 56, "expected 14 cases x 4 methods, got %d cells" % len(doc["cells"]))

by_case = {}
for c in doc["cells"]:
    by_case.setdefault(c["case"], []).append(c)
for case, limit in (("fork-bomb", "processes"), ("process-bomb", "processes"),
                    ("memory-hog", "memory"), ("flood-stdout", "output")):
    for c in by_case[case]:
        hit = c["evidence"]["limit_hit"]
        check(hit and hit["limit"] == limit and "limit" in hit["detail"],
              "%s/%s: limit_hit %r" % (case, c["method"], hit))
for c in by_case["process-bomb"]:
    check(c["evidence"]["limits"]["processes"] == 24, "the case's own process limit did not apply")
    # Between two samples a tree may overshoot, up to the kernel's ceiling where
    # there is one (2 x limit + 64 tasks: the cgroup, or RLIMIT_NPROC's headroom).
    check(c["evidence"]["containment"]["peak_processes"] <= 2 * 24 + 64,
          "process-bomb/%s grew to %d processes" % (c["method"], c["evidence"]["containment"]["peak_processes"]))
# The peak a fork bomb reached, per mechanism that held it. A kernel ceiling (a pids
# cgroup, or RLIMIT_NPROC) is 2 x 256 + 64 tasks; counting alone has none.
peaks = {}
for c in by_case["fork-bomb"]:
    held = c["evidence"]["containment"]
    peaks.setdefault(held["processes"], []).append(held["peak_processes"])
    if held["processes"] != "counting":
        check(held["peak_processes"] <= 2 * 256 + 64,
              "fork-bomb/%s grew to %d processes under %s" % (c["method"], held["peak_processes"], held["processes"]))
for mechanism, values in sorted(peaks.items()):
    print("fork-bomb peak under %s: %d processes (cells: %s)" % (mechanism, max(values), values))
for c in by_case["memory-hog"]:
    peak = c["evidence"]["containment"]["peak_memory_bytes"]
    check(peak < 2 * (256 << 20), "memory-hog/%s reached %d bytes before it was stopped" % (c["method"], peak))
for c in by_case["flood-stdout"]:
    stdout = c["evidence"]["stdout"]
    check(stdout["truncated"] and len(stdout["text"]) <= (1 << 20), "flood-stdout kept more than the cap")
for c in by_case["ignores-sigterm"]:
    check(c["duration_s"] < 3 + 5, "ignores-sigterm ran %.1f s past a 3 s deadline" % c["duration_s"])
for c in by_case["setsid-escape"] + by_case["daemon-clean-env"]:
    # Without a cgroup, a daemon that sheds the cell's token is found only after the
    # last cell, among the orphans reparented to mpconform (the leak check sees to it).
    check(c["evidence"]["killed_at_end"] >= 1 or not c["evidence"]["containment"]["processes"].startswith("cgroup"),
          "%s/%s: the escaped process was not killed by the cell" % (c["case"], c["method"]))
for c in by_case["ctypes-segfault"]:
    check(c["observations"].get("child_exitcode") == "-11", "the child's SIGSEGV was not seen")

# The command line wins over the case's own limit, and says so in the evidence.
code, doc2, out, err, _ = run_matrix(["--cases-dir", HOSTILE, "--case", "process-bomb", "--method", "fork",
                                      "--limit", "processes=8"])
hit = doc2["cells"][0]["evidence"]["limit_hit"]
check(hit and "(limit 8)" in hit["detail"], "--limit processes=8 was not applied: %r" % hit)

problems = leaks.found()
check(not problems, "; ".join(problems))
print("ok: %d hostile cells contained, nothing left behind" % len(doc["cells"]))
