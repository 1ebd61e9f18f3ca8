# ---
# id: tags-is-map
# title: t
# source: s
# claim: c
# expect:
#   all: ok
# tags: {a: b}
# ---
