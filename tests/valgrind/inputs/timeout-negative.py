# ---
# id: timeout-negative
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# limits:
#   timeout: -5
# ---
