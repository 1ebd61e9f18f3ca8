"""The case parser on malformed and hostile inputs: each must come back as the
expected case error (file, line, what is wrong) or as a case, never as a crash, a
hang, a memory error or a leak.

    parser_inputs_test.py --parse-case PATH [--valgrind]

With --valgrind the parser runs under `valgrind --leak-check=full` and any error or
leak fails the test (exit 77, a CTest skip, when valgrind is not installed); without
it the parse_case tool is expected to be a sanitized build (the asan preset), whose
reports fail the test. The inputs are the files of tests/valgrind/inputs/, inputs
generated here (huge lines, deep nesting, binary junk: too big or too ugly for git)
and every case of the catalog."""
import argparse
import glob
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))

# name -> what parse_case must print after "<kind> ", as a regular expression over
# the rest of its line ("error" lines start with the file's path, here NAME.py).
EXPECTED = {
    # tests/valgrind/inputs/
    "empty": r"error {path}:1: the file has no metadata block",
    "only-blank-lines": r"error {path}:1: the file has no metadata block",
    "no-block": r"error {path}:1: expected the metadata block",
    "unterminated-fence": r"error {path}:1: metadata block is not closed by '# ---'",
    "block-cut-by-code": r"error {path}:8: metadata block opened at line 1 is not closed",
    "fence-only": r"error {path}:2: the metadata block must be a YAML mapping",
    "bom-before-fence": r"error {path}:1: expected the metadata block",
    "crlf-valid": r"ok crlf-valid .* expect\.all=ok$",
    "shebang-valid": r"ok shebang-valid .*tags=2 expect\.fork=ok\|deadlock "
                     r"expect\.spawn=if\(python >= 3\.14 and not \(os == \"darwin\"\)\)pickling-error;ok$",
    "invalid-utf8": r"ok invalid-utf8 title=8B source=5B",
    "invalid-utf8-key": r"error {path}:6: unknown key '\xc0\xaf'",
    "nul-bytes": r"error {path}:5: YAML: ",
    "id-is-list": r"error {path}:2: 'id' must be a single value",
    "id-mismatch": r"error {path}:2: id 'some-other-id' must equal the file name 'id-mismatch'",
    "metadata-is-list": r"error {path}:2: the metadata block must be a YAML mapping",
    "metadata-is-scalar": r"error {path}:2: the metadata block must be a YAML mapping",
    "expect-is-list": r"error {path}:6: 'expect' must map start methods to expectations",
    "unknown-method": r"error {path}:7: unknown start method 'thread'",
    "unknown-outcome": r"error {path}:7: unknown outcome 'okay'",
    "outcome-is-map": r"error {path}:8: 'outcome' must be a single value",
    "rule-without-outcome": r"error {path}:8: an expectation needs an 'outcome'",
    "rules-mixed": r"error {path}:9: mix of rules and outcomes",
    "empty-outcome-list": r"error {path}:7: an empty list of outcomes allows nothing",
    "observations-is-list": r"error {path}:9: 'observations' must map a key to a value",
    "bad-condition": r"error {path}:8: bad condition: expected a value at column 9",
    "condition-unterminated-string": r"error {path}:8: bad condition: unterminated string at column 7",
    "condition-bad-version": r"error {path}:8: bad condition: '3\.1\.4\.1' is not a Python version",
    "timeout-is-text": r"error {path}:9: timeout must be a number of seconds",
    "timeout-infinite": r"error {path}:9: timeout must be a number of seconds",
    "timeout-nan": r"error {path}:9: timeout must be a number of seconds",
    "timeout-negative": r"error {path}:9: timeout must be a number of seconds",
    "limits-is-list": r"error {path}:8: 'limits' must be a mapping",
    "tags-is-map": r"error {path}:8: 'tags' must be a list",
    "unknown-key": r"error {path}:8: unknown key 'expects'",
    "complex-key": r"error {path}:8: 'key' must be a single value",
    "missing-claim": r"error {path}:2: missing required key 'claim'",
    "empty-title": r"error {path}:3: 'title' is empty",
    "null-title": r"error {path}:4: 'title' must be a single value",
    "tab-indent": r"error {path}:7: YAML: ",
    "unclosed-flow": r"error {path}:7: YAML: end of sequence flow not found",
    "bad-alias": r"error {path}:7: YAML: the referenced anchor is not defined",
    "alias-laughs": r"error {path}:6: unknown key 'a0'",
    "two-documents": r"ok two-documents ",
    "yaml-document-marker": r"error {path}:2: missing required key 'expect'",
    "duplicate-keys": r"ok duplicate-keys ",
    "binary-tag": r"ok binary-tag .* expect\.all=ok$",
    # generated below
    "huge-title": r"ok huge-title title=1048576B ",
    "huge-line-before-block": r"error {path}:1: expected the metadata block",
    "huge-code-line-in-block": r"error {path}:4: metadata block opened at line 1 is not closed",
    "huge-key": r"error {path}:8: YAML: illegal map value",  # yaml-cpp: implicit keys up to 1024 characters
    "many-lines": r"ok many-lines title=1B .*tags=20000 ",
    "deep-flow-sequence": r"error {path}:6: YAML: nested more than \d+ deep$",
    "deep-flow-mapping": r"error {path}:6: YAML: nested more than \d+ deep$",
    "deep-block-mapping": r"error {path}:\d+: YAML: nested more than \d+ deep$",
    "deep-condition-parens": r"error {path}:8: bad condition: nested more than 32 deep",
    "deep-condition-nots": r"error {path}:8: bad condition: nested more than 32 deep",
    "long-condition-chain": r"error {path}:8: bad condition: more than 64 comparisons",
    "huge-id": r"error {path}:2: id 'iiiiiiii.*' must equal the file name 'huge-id'",
    "binary-junk": r"error {path}:1: expected the metadata block",
    "binary-junk-in-block": r"error {path}:\d+: ",
    "binary-junk-yaml": r"error {path}:\d+: ",
}

HEAD = "# ---\n# id: {id}\n# title: t\n# source: s\n# claim: c\n"


def generate(folder):
    def write(name, text):
        with open(os.path.join(folder, name + ".py"), "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode())

    def case(name, body):
        write(name, HEAD.format(id=name) + body + "# ---\nprint('x')\n")

    mib = 1 << 20
    write("huge-title", "# ---\n# id: huge-title\n# title: " + "t" * mib +
          "\n# source: s\n# claim: c\n# expect:\n#   all: ok\n# ---\n")
    write("huge-line-before-block", "x = '" + "x" * (mib // 4) + "'\n# ---\n# ---\n")
    write("huge-code-line-in-block", "# ---\n# id: huge-code-line-in-block\n# title: t\n" + "y" * (mib // 4) + "\n# ---\n")
    case("huge-key", "# expect:\n#   all: ok\n# " + "k" * (mib // 4) + ": 1\n")
    case("many-lines", "# expect:\n#   all: ok\n# tags:\n" + "#   - tag\n" * 20000)
    case("deep-flow-sequence", "# expect: " + "[" * 100000 + "]" * 100000 + "\n")
    case("deep-flow-mapping", "# expect: " + "{a: " * 100000 + "}" * 100000 + "\n")
    case("deep-block-mapping", "# expect:\n" + "".join("# " + " " * i + "a:\n" for i in range(1, 700)))
    cond = lambda c: "# expect:\n#   fork:\n#     - if: " + c + "\n#       outcome: ok\n"
    case("deep-condition-parens", cond("(" * 50000 + "python >= 3" + ")" * 50000))
    case("deep-condition-nots", cond("not " * 50000 + "python >= 3"))
    case("long-condition-chain", cond(" or ".join(["python >= 3.6"] * 5000)))
    write("huge-id", "# ---\n# id: " + "i" * (mib // 4) + "\n# title: t\n# source: s\n# claim: c\n# expect:\n#   all: ok\n# ---\n")
    rng = random.Random(7)
    junk = bytes(rng.getrandbits(8) for _ in range(64 * 1024))
    write("binary-junk", junk)
    write("binary-junk-in-block", b"# ---\n# id: binary-junk-in-block\n# " + junk + b"\n# ---\n")
    # Junk that stays inside the block: every line a comment line, so YAML reads it.
    write("binary-junk-yaml", b"# ---\n" + b"".join(b"# " + line + b"\n" for line in junk.split(b"\n")) + b"# ---\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parse-case", required=True)
    ap.add_argument("--valgrind", action="store_true")
    args = ap.parse_args()

    command = [args.parse_case]
    if args.valgrind:
        valgrind = shutil.which("valgrind")
        if not valgrind:
            print("SKIP: valgrind is not installed (apt-get install valgrind)")
            sys.exit(77)
        command = [valgrind, "--error-exitcode=99", "--leak-check=full", "--show-leak-kinds=definite,indirect,possible",
                   "--errors-for-leak-kinds=definite,indirect,possible", "--track-origins=yes", "-q"] + command

    scratch = tempfile.mkdtemp(prefix="mpconform-parser-inputs-")
    try:
        generate(scratch)
        inputs = sorted(glob.glob(os.path.join(HERE, "inputs", "*.py"))) + sorted(glob.glob(os.path.join(scratch, "*.py")))
        names = [os.path.basename(p)[:-3] for p in inputs]
        missing = sorted(set(EXPECTED) - set(names))
        unexpected = sorted(set(names) - set(EXPECTED))
        if missing or unexpected:
            print("FAIL: inputs and expectations differ: missing %s, no expectation for %s" % (missing, unexpected))
            sys.exit(1)
        catalog = sorted(glob.glob(os.path.join(SOURCE_DIR, "cases", "**", "*.py"), recursive=True))
        catalog = [p for p in catalog if not os.path.basename(p).startswith("_")]

        p = subprocess.run(command + inputs + catalog, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=1200)
        out = p.stdout.decode("latin-1").splitlines()  # byte for byte
        err = p.stderr.decode("utf-8", "replace")
        failures = []
        if p.returncode != 1:  # 1: some inputs are case errors, as they should be
            failures.append("exit status %d (99: valgrind found errors; 1 expected)" % p.returncode)
        if re.search(r"AddressSanitizer|LeakSanitizer|runtime error:|==\d+== (Invalid|Conditional|Use of|.*definitely lost)", err):
            failures.append("memory errors reported")
        if len(out) != len(inputs) + len(catalog):
            failures.append("%d lines of output for %d files" % (len(out), len(inputs) + len(catalog)))
        for path, line in zip(inputs, out):
            name = os.path.basename(path)[:-3]
            want = EXPECTED[name].replace("{path}", re.escape(path))
            shown = line if len(line) < 300 else line[:300] + "..."
            if not re.match(want, line, re.S):
                failures.append("%s: got %r, expected /%s/" % (name, shown, EXPECTED[name]))
        # Catalog cases are valid input for the memory checks; whether each one is a
        # valid case is the catalog tests' business (and cases being written may not be).
        for path, line in zip(catalog, out[len(inputs):]):
            case_id = os.path.basename(path)[:-3]
            if not (line.startswith("ok %s " % case_id) or line.startswith("error %s:" % path)):
                failures.append("catalog case %s: %r" % (case_id, line[:300]))
        if failures:
            print("FAIL:\n  " + "\n  ".join(failures))
            print("stderr:\n" + err[-20000:])
            sys.exit(1)
        print("ok: %d malformed or hostile inputs and %d catalog cases%s" %
              (len(inputs), len(catalog), " under valgrind, no errors, no leaks" if args.valgrind else ", no sanitizer report"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
