# ---
# id: daemon-clean-env
# title: A double-forked daemon execs with an empty environment
# source: issue 7 (hostile cases)
# claim: >
#   A daemon that leaves the process group, its parent and its environment
#   behind is still killed when the cell ends (by its cgroup where the machine
#   has one, else by the end-of-run sweep of orphans), and the case ends ok.
# expect:
#   all: ok
# limits:
#   timeout: 20
# tags: [hostile]
# ---
import os
import shutil

sleep = shutil.which("sleep") or "/bin/sleep"
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execve(sleep, [sleep, "3600"], {})
    os._exit(0)
os.wait()
