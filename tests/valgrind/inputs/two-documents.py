# ---
# id: two-documents
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# ---
# ---
