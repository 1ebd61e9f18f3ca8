# ---
# id: fork-only-expectation
# title: A case that declares an expectation for fork alone
# source: tests/browser/report_test.py
# claim: The other methods have no expectation, so their cells are NEW.
# expect:
#   fork: ok
# ---
print("fine")
