# ---
# id: condition-unterminated-string
# title: t
# source: s
# claim: c
# expect:
#   fork:
#     - if: os == 'linux
#       outcome: ok
# ---
