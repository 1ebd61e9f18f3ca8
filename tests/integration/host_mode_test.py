"""In `host` mode spawn and forkserver children exec the runner itself, which acts
as a Python interpreter; every cell must keep the outcome it has in `python` mode
(the same expectations pass), and the children must really be the runner."""
from harness import check, run_matrix, why_no_results

code, doc, out, err, _ = run_matrix(["--exe-mode", "host", "--method", "spawn", "--method", "forkserver"])
check(doc is not None, why_no_results(code, err))
fails = [(c["case"], c["method"], c["outcome"], c["reason"]) for c in doc["cells"] if c["verdict"] == "FAIL"]
check(not fails, "host mode changed outcomes: %s" % fails)
check(all(c["exe_mode"] == "host" for c in doc["cells"]), "cells not in host mode")
runners = [c for c in doc["cells"] if "mpconform-runner" in c["evidence"]["facts"].get("executable", "")]
check(len(runners) == len(doc["cells"]), "sys.executable is not the runner in every host-mode cell")
spawned_runner = any("mpconform-runner" in p["cmdline"] and "--mpconform-cell" not in p["cmdline"]
                     for c in doc["cells"] for p in c["evidence"]["processes"])
check(spawned_runner, "no child process was seen running the runner as an interpreter")
print("ok: %d host-mode cells" % len(doc["cells"]))
