# ---
# id: flood-stdout
# title: Writes 100 MB to stdout
# source: issue 7 (hostile cases)
# claim: >
#   Output past the cell's output limit (64 MiB by default) stops the tree as
#   limit:output; only the first MiB of each stream is kept as evidence.
# expect:
#   all: limit:output
# limits:
#   timeout: 60
# tags: [hostile]
# ---
import sys

chunk = "x" * 1023 + "\n"
for _ in range(100 * 1024):
    sys.stdout.write(chunk)
