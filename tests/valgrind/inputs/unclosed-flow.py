# ---
# id: unclosed-flow
# title: t
# source: s
# claim: c
# expect: {all: [ok, 
# ---
