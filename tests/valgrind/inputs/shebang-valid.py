#!/usr/bin/env python3
# ---
# id: shebang-valid
# title: t
# source: s
# claim: c
# expect:
#   fork: [ok, deadlock]
#   spawn:
#     - if: python >= 3.14 and not (os == "darwin")
#       outcome: pickling-error
#     - outcome: ok
# tags: [a, b]
# ---
