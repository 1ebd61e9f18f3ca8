# ---
# id: unknown-outcome
# title: t
# source: s
# claim: c
# expect:
#   fork: okay
# ---
