# ---
# id: invalid-utf8
# title: ÿþÃ( í €
# source: øˆ€€€
# claim: c
# expect:
#   all: ok
# ---
