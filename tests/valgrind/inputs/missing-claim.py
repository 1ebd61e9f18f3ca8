# ---
# id: missing-claim
# title: t
# source: s
# expect:
#   all: ok
# ---
