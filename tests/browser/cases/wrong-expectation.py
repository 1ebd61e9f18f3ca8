# ---
# id: wrong-expectation
# title: A case that expects the wrong outcome
# source: tests/browser/report_test.py
# claim: It raises ValueError (it does not; every cell FAILs on purpose).
# expect:
#   all: exception:ValueError
# documented:
#   all: exception:ValueError
# tags: [browser-test]
# ---
# Prints markup and the end of a script element: the report must show it as text.
print('hi <img src=x onerror="document.body.dataset.pwned=1"></script><!--<script>')
