# ---
# id: timeout-nan
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# limits:
#   timeout: .nan
# ---
