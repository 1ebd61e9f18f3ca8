"""`repro --keep` leaves the first hung tree alive (its processes are listed with
the commands to attach), and after Ctrl-C nothing of the run is left."""
import os
import re
import signal
import subprocess
import tempfile
import time

from harness import MPCONFORM, check, processes_of_cells

report_dir = tempfile.mkdtemp(prefix="mpconform-it-keep-")
p = subprocess.Popen([MPCONFORM, "repro", "fork-with-held-lock", "--keep", "--runs", "3", "--jobs", "1",
                      "--report-dir", report_dir], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
lines, deadline = [], time.monotonic() + 60
while time.monotonic() < deadline:
    line = p.stdout.readline()
    if not line:
        break
    lines.append(line)
    if "Press Ctrl-C" in line:
        break
text = "".join(lines)
check("kept alive" in text, "repro did not keep the tree:\n" + text)
pids = [int(x) for x in re.findall(r"^  pid (\d+)", text, re.M)]
check(len(pids) >= 2, "no pids listed:\n" + text)
check("gdb -p %d" % pids[0] in text, "no attach command:\n" + text)
time.sleep(1.0)
check(all(os.path.exists("/proc/%d" % pid) for pid in pids), "the kept tree died early")
p.send_signal(signal.SIGINT)
rest, _ = p.communicate(timeout=60)
time.sleep(0.5)
check(not any(os.path.exists("/proc/%d" % pid) and open("/proc/%d/stat" % pid).read().split()[2] != "Z"
              for pid in pids), "kept processes survived Ctrl-C")
check(not processes_of_cells([p.pid]), "processes of the run are left: %s" % processes_of_cells([p.pid]))
check(os.path.exists(os.path.join(report_dir, "repro.json")), "no repro.json after Ctrl-C")
print("ok: kept %d processes, all gone after Ctrl-C" % len(pids))
