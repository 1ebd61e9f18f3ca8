# ---
# id: block-cut-by-code
# title: t
# source: s
# claim: c
# expect:
#   all: ok
print('oops')
# ---
