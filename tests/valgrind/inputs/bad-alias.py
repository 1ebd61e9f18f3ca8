# ---
# id: bad-alias
# title: t
# source: s
# claim: c
# expect:
#   all: *nowhere
# ---
