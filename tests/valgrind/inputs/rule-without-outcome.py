# ---
# id: rule-without-outcome
# title: t
# source: s
# claim: c
# expect:
#   fork:
#     - if: python >= 3.14
#       note: no outcome
# ---
