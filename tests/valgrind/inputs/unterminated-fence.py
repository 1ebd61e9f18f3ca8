# ---
# id: unterminated-fence
# title: t
# source: s
# claim: c
# expect:
#   all: ok
