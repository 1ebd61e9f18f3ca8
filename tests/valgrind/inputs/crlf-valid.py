# ---
# id: crlf-valid
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# ---
print('x')
