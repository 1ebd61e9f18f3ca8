# ---
# id: yaml-document-marker
# title: t
# source: s
# claim: c
# ---
# expect:
#   all: ok
# ---
