"""Bad command lines get a clear message and exit status 2, never a crash."""
from harness import check, run

for args, needle in [
    (["run", "--no-such-flag"], "--no-such-flag"),
    (["run", "--method", "fork2"], "fork2"),
    (["run", "--case", "no-such-case"], "no such case"),
    (["run", "--python", "9.9"], "no runner built"),
    (["run", "--python", "/no/such/python"], "no such interpreter"),
    (["run", "--cases-dir", "/no/such/dir"], "/no/such/dir"),
    (["run", "--jobs", "0"], "jobs"),
    (["run", "--tag", "pickling", "--skip-tag", "pickling"], "no cell matches"),
    (["run", "--limit", "processes"], "NAME=VALUE"),
    (["run", "--limit", "cpu=2"], "unknown limit 'cpu'"),
    (["run", "--limit", "memory=lots"], "memory must be a size"),
    (["repro", "fork-with-held-lock", "--limit", "timeout=-1"], "timeout must be"),
    ([], "subcommand"),
]:
    code, out, err = run(args)
    check(code == 2, "%s: exit %d, expected 2\n%s%s" % (args, code, out, err))
    check(needle in out + err, "%s: message does not mention %r:\n%s%s" % (args, needle, out, err))
print("ok")
