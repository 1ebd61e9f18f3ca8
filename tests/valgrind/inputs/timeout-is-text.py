# ---
# id: timeout-is-text
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# limits:
#   timeout: soon
# ---
