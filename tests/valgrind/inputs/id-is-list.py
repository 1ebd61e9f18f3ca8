# ---
# id: [id-is-list]
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# ---
