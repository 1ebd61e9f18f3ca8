# ---
# id: condition-bad-version
# title: t
# source: s
# claim: c
# expect:
#   fork:
#     - if: python >= 3.1.4.1
#       outcome: ok
# ---
