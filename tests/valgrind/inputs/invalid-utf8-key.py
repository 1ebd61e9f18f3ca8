# ---
# id: invalid-utf8-key
# title: t
# source: s
# claim: c
# À¯: 1
# expect:
#   all: ok
# ---
