# ---
# id: unknown-key
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# expects: {}
# ---
