# ---
# id: unknown-method
# title: t
# source: s
# claim: c
# expect:
#   thread: ok
# ---
