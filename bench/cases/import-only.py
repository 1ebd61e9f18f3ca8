# ---
# id: import-only
# title: A case that imports multiprocessing and exits
# source: none (what a cell costs the harness whatever the case does)
# claim: >
#   Not a conformance claim: a load for bench/cell_overhead.py. It starts no
#   process, so its harness time less its bare time is the harness's fixed cost
#   for one cell, the embedded interpreter's start included.
# expect:
#   all: ok
# tags: [bench]
# ---
import multiprocessing  # noqa: F401 (what every case imports; its cost is in both columns)
