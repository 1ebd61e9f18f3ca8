# ---
# id: null-title
# title:
# source: s
# claim: c
# expect:
#   all: ok
# ---
