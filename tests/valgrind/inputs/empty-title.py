# ---
# id: empty-title
# title: ''
# source: s
# claim: c
# expect:
#   all: ok
# ---
