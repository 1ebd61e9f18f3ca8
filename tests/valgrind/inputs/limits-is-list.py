# ---
# id: limits-is-list
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# limits: [timeout]
# ---
