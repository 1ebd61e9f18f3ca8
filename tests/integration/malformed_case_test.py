"""A case with broken metadata gives a clear error naming its file and line, becomes
harness-error cells, and the other cases still run and report."""
import os
import tempfile

from harness import check, run_matrix

cases = tempfile.mkdtemp(prefix="mpconform-cases-")
with open(os.path.join(cases, "good-case.py"), "w") as f:
    f.write("# ---\n# id: good-case\n# title: t\n# source: s\n# claim: c\n# expect:\n#   all: ok\n# ---\nprint('hi')\n")
with open(os.path.join(cases, "broken-case.py"), "w") as f:
    f.write("# ---\n# id: broken-case\n# title: t\n# source: s\n# claim: c\n# expect:\n#   fork: okay\n# ---\n")

code, doc, out, err, _ = run_matrix(["--cases-dir", cases])
check(code == 1, "exit status %d, expected 1 (a FAIL)" % code)
check("broken-case.py:7: unknown outcome 'okay'" in err, "the error does not name file and line:\n" + err)
good = [c for c in doc["cells"] if c["case"] == "good-case"]
bad = [c for c in doc["cells"] if c["case"] == "broken-case"]
check(len(good) == 4 and all(c["verdict"] == "PASS" for c in good), "the good case did not run and pass")
check(len(bad) == 4 and all(c["outcome"] == "harness-error" and c["verdict"] == "FAIL" for c in bad),
      "the broken case is not four harness-error FAIL cells")
check(all("broken-case.py:7" in (c["evidence"]["harness_error"] or "") for c in bad),
      "the harness-error cells do not carry file and line")
check(doc["run"]["case_errors"][0]["line"] == 7, "run.case_errors lacks the line")
print("ok")
