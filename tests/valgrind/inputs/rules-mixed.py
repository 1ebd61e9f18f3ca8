# ---
# id: rules-mixed
# title: t
# source: s
# claim: c
# expect:
#   fork:
#     - outcome: ok
#     - deadlock
# ---
