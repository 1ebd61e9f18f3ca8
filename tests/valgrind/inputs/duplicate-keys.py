# ---
# id: duplicate-keys
# title: t
# source: s
# claim: c
# title: again
# expect:
#   all: ok
# ---
