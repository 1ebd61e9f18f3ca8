# ---
# id: outcome-is-map
# title: t
# source: s
# claim: c
# expect:
#   fork:
#     outcome: {ok: 1}
# ---
