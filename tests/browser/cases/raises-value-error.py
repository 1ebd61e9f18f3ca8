# ---
# id: raises-value-error
# title: The main process raises ValueError
# source: tests/browser/report_test.py
# claim: An exception escaping the main module decides the outcome.
# expect:
#   all: exception:ValueError
# ---
raise ValueError("raised on purpose")
