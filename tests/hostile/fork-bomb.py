# ---
# id: fork-bomb
# title: Every process forks again, without end
# source: issue 7 (hostile cases)
# claim: >
#   A tree that grows without end is stopped at the cell's process limit and
#   reported as limit:processes; the harness and the machine are unharmed.
# expect:
#   all: limit:processes
# limits:
#   timeout: 20
# tags: [hostile]
# ---
import os
import time

# A safety net for this machine, not part of the test: should the harness ever
# fail to stop the bomb, every process still gives up 15 s after the first began.
give_up = time.monotonic() + 15
while time.monotonic() < give_up:
    try:
        os.fork()
    except OSError:
        time.sleep(0.01)  # refused at the limit: keep trying, as a bomb would
os._exit(0)
