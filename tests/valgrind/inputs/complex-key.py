# ---
# id: complex-key
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# ? [a, b]
# : c
# ---
