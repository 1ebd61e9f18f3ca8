# ---
# id: bad-condition
# title: t
# source: s
# claim: c
# expect:
#   fork:
#     - if: python >> 3
#       outcome: ok
# ---
