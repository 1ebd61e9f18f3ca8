# ---
# id: observations-is-list
# title: t
# source: s
# claim: c
# expect:
#   fork:
#     outcome: ok
#     observations: [a, b]
# ---
