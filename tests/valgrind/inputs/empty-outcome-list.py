# ---
# id: empty-outcome-list
# title: t
# source: s
# claim: c
# expect:
#   fork: []
# ---
