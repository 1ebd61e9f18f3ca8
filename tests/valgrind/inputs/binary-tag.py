# ---
# id: binary-tag
# title: t
# source: s
# claim: c
# notes: !!binary AAECAwQF
# expect:
#   all: !!python/object:os.system ok
# ---
