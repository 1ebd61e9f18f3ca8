# ---
# id: tab-indent
# title: t
# source: s
# claim: c
# expect:
#	all: ok
# ---
