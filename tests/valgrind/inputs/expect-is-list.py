# ---
# id: expect-is-list
# title: t
# source: s
# claim: c
# expect: [ok, deadlock]
# ---
