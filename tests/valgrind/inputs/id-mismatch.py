# ---
# id: some-other-id
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# ---
