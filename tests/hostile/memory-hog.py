# ---
# id: memory-hog
# title: Allocates memory without bound
# source: issue 7 (hostile cases)
# claim: >
#   A tree whose memory grows past the cell's memory limit is stopped as
#   limit:memory before it can hurt the machine.
# expect:
#   all: limit:memory
# limits:
#   timeout: 30
#   memory: 256MiB
# tags: [hostile]
# ---
import time

hoard = []
while True:
    hoard.append(bytearray(16 << 20))  # zero-filled, so every page is resident
    time.sleep(0.01)
