"""report.html of a real run, in Debian's headless Chromium: the matrix shows every
cell, a click on a FAIL cell opens an evidence panel with that cell's outcome, what
a case printed shows as text (never markup), the filters and the compare view
work, and no script error occurs. Leaves a screenshot for people to look at."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["MPCONFORM_SOURCE_DIR"], "tests", "integration"))
from harness import check, fail, run  # noqa: E402

import chromium  # noqa: E402

if chromium.missing():
    print("SKIP: %s is not installed (sh ci/setup.sh installs it)" % chromium.missing())
    sys.exit(77)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

RENDER = os.environ["MPCONFORM_RENDER_REPORT"]
OUT_DIR = os.environ["MPCONFORM_BROWSER_OUT"]
os.makedirs(OUT_DIR, exist_ok=True)
SCREENSHOT = os.path.join(OUT_DIR, "report.png")

# Output that would run script or end the data block if the page ever let it be markup.
HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1"></script><!--<script>'

# A case whose expectation is wrong: it expects ValueError and prints instead.
cases_dir = tempfile.mkdtemp(prefix="mpconform-browser-cases-")
with open(os.path.join(cases_dir, "wrong-expectation.py"), "w") as f:
    f.write("# ---\n# id: wrong-expectation\n# title: A case that expects the wrong outcome\n"
            "# source: tests/browser/report_test.py\n# claim: It raises ValueError (it does not).\n"
            "# expect:\n#   all: exception:ValueError\n# tags: [browser-test]\n# ---\n"
            "print('hi ' + %r)\n" % HOSTILE)

report_dir = tempfile.mkdtemp(prefix="mpconform-browser-report-")
code, out, err = run(["run", "--builtin", "--cases-dir", cases_dir, "--report-dir", report_dir, "-q"])
check(code == 1, "the run should exit 1 (FAIL cells), got %d:\n%s%s" % (code, out, err))
doc = json.load(open(os.path.join(report_dir, "results.json")))

page = os.path.join(report_dir, "report.html")
if not os.path.exists(page):
    # Until the run command writes report.html itself, render it from the run's
    # results.json with the same function.
    print("note: the run wrote no report.html; rendering it with render_report")
    subprocess.run([RENDER, os.path.join(report_dir, "results.json"), report_dir], check=True)

fail_index = next((i for i, c in enumerate(doc["cells"])
                   if c["case"] == "wrong-expectation" and c["method"] == "spawn"), None)
check(fail_index is not None, "the run has no spawn cell of wrong-expectation")
fail_cell = doc["cells"][fail_index]
check(fail_cell["verdict"] == "FAIL", "the wrong expectation did not FAIL: %s" % fail_cell["verdict"])


def visible(driver, selector):
    return [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


browser = chromium.Browser()
d = browser.driver
try:
    d.get("file://" + page)
    WebDriverWait(d, 30).until(lambda drv: drv.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
    check(not browser.script_errors(), "script errors on load: %s" % browser.script_errors())
    matrix_cells = d.find_elements(By.CSS_SELECTOR, "#matrix td.cell")
    check(len(matrix_cells) == len(doc["cells"]),
          "the matrix shows %d cells, the document has %d" % (len(matrix_cells), len(doc["cells"])))
    check(len(d.find_elements(By.CSS_SELECTOR, "#matrix td.cell.v-fail")) ==
          sum(c["verdict"] == "FAIL" for c in doc["cells"]), "FAIL cells are not all coloured as FAIL")

    # Failures only: just the rows of cases with a FAIL cell remain.
    failing_cases = {c["case"] for c in doc["cells"] if c["verdict"] == "FAIL"}
    d.find_element(By.ID, "f-failures").click()
    rows = visible(d, "#matrix tbody tr")
    check(len(rows) == len(failing_cases),
          "failures only shows %d rows, %d cases fail" % (len(rows), len(failing_cases)))
    d.find_element(By.ID, "f-failures").click()
    check(len(visible(d, "#matrix tbody tr")) == len({c["case"] for c in doc["cells"]}),
          "unticking failures only does not bring every row back")

    # The FAIL cell's evidence.
    d.find_element(By.CSS_SELECTOR, '#matrix td[data-cell="%d"]' % fail_index).click()
    WebDriverWait(d, 10).until(lambda drv: drv.find_element(By.ID, "panel").is_displayed())
    shown = {name: d.find_element(By.ID, "ev-" + name).text for name in ("verdict", "outcome", "expected", "stdout")}
    check(shown["verdict"] == "FAIL", "the panel shows verdict %r" % shown["verdict"])
    check(shown["outcome"] == fail_cell["outcome"],
          "the panel shows outcome %r, the cell's is %r" % (shown["outcome"], fail_cell["outcome"]))
    check("exception:ValueError" in shown["expected"], "the panel does not show the expectation: %r" % shown["expected"])
    title = d.find_element(By.ID, "panel-title").text
    check("wrong-expectation" in title and "spawn" in title, "the panel is about another cell: %r" % title)
    check(HOSTILE in shown["stdout"], "stdout is not shown as the text printed: %r" % shown["stdout"])
    check(not d.find_elements(By.CSS_SELECTOR, "#panel img, #panel script"), "case output became markup")
    check(d.find_element(By.TAG_NAME, "body").get_attribute("data-pwned") is None, "case output ran as script")
    check("It raises ValueError" in d.find_element(By.ID, "panel-body").text, "the panel lacks the case's claim")
    check(not browser.script_errors(), "script errors: %s" % browser.script_errors())
    d.save_screenshot(SCREENSHOT)

    # Claims view: one block per case.
    d.find_element(By.CSS_SELECTOR, '#tabs [data-view="claims"]').click()
    check(len(visible(d, "#claims .claim")) == len({c["case"] for c in doc["cells"]}),
          "the claims view does not list every case")
finally:
    browser.close()

# The compare view, from a comparison that says the FAIL cell changed.
comparison = {"a": "before", "b": "after", "matched": 1, "intermittent": [], "only_a": [], "only_b": [],
              "changed": [{"case": "wrong-expectation", "method": "spawn", "exe_mode": "python",
                           "python_a": fail_cell["python"]["version"], "python_b": fail_cell["python"]["version"],
                           "outcome_a": "exception:ValueError", "outcome_b": fail_cell["outcome"],
                           "observations_a": {}, "observations_b": {}, "reason": "browser-test reason"}]}
compare_dir = tempfile.mkdtemp(prefix="mpconform-browser-compare-")
compare_json = os.path.join(compare_dir, "compare.json")
json.dump(comparison, open(compare_json, "w"))
subprocess.run([RENDER, os.path.join(report_dir, "results.json"), compare_json, compare_dir], check=True)
browser = chromium.Browser()
d = browser.driver
try:
    d.get("file://" + os.path.join(compare_dir, "report.html"))
    WebDriverWait(d, 30).until(lambda drv: drv.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
    tab = d.find_element(By.CSS_SELECTOR, '#tabs [data-view="compare"]')
    check(tab.is_displayed(), "no Compare tab with a comparison")
    tab.click()
    text = d.find_element(By.ID, "compare").text
    check("browser-test reason" in text and "1 cell changed of 1 matched" in text,
          "the compare view does not show the change:\n" + text)
    check(len(d.find_elements(By.CSS_SELECTOR, "#matrix td.changed")) == 1, "the changed cell is not marked")
    d.find_element(By.CSS_SELECTOR, "#compare tbody tr td:nth-child(4) button").click()
    check(d.find_element(By.ID, "ev-outcome").text == fail_cell["outcome"], "the compare view opens another cell")
    check(not browser.script_errors(), "script errors: %s" % browser.script_errors())
finally:
    browser.close()

print("ok: %d cells; screenshot %s" % (len(doc["cells"]), SCREENSHOT))
