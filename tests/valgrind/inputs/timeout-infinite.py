# ---
# id: timeout-infinite
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# limits:
#   timeout: .inf
# ---
