"""report.html of a real run (the cases beside this file), in Debian's headless
Chromium: the matrix shows every cell; a click on a FAIL cell opens an evidence
panel with that cell's outcome, expectation and claim; what a case printed shows as
text, never markup; a deadlock shows every process's threads and stacks; the
filters, the claims view and the compare view work; no script error occurs. Leaves
a screenshot (matrix and open panel) for people to look at."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["MPCONFORM_SOURCE_DIR"], "tests", "integration"))
from harness import check, run  # noqa: E402

import chromium  # noqa: E402

if chromium.missing():
    print("SKIP: " + chromium.missing())
    sys.exit(77)

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

RENDER = os.environ["MPCONFORM_RENDER_REPORT"]
OUT_DIR = os.environ["MPCONFORM_BROWSER_OUT"]
os.makedirs(OUT_DIR, exist_ok=True)
SCREENSHOT = os.path.join(OUT_DIR, "report.png")

# What cases/wrong-expectation.py prints: markup, and the end of a script element.
HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1"></script><!--<script>'

# The cases beside this file give every kind of cell: FAIL (a wrong expectation),
# PASS with an exception, PASS deadlock (with hang evidence), and NEW.
cases_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
report_dir = tempfile.mkdtemp(prefix="mpconform-browser-report-")
code, out, err = run(["run", "--cases-dir", cases_dir, "--report-dir", report_dir, "-q"])
check(code == 1, "the run should exit 1 (FAIL cells), got %d:\n%s%s" % (code, out, err))
doc = json.load(open(os.path.join(report_dir, "results.json")))

page = os.path.join(report_dir, "report.html")
check(os.path.exists(page), "the run wrote no report.html")


def cell_index(case, method):
    i = next((i for i, c in enumerate(doc["cells"]) if c["case"] == case and c["method"] == method), None)
    check(i is not None, "the run has no %s cell of %s" % (method, case))
    return i


fail_index = cell_index("wrong-expectation", "spawn")
fail_cell = doc["cells"][fail_index]
hang_index = cell_index("held-lock-deadlock", "spawn")
check(doc["cells"][hang_index]["outcome"] == "deadlock", "the deadlock case did not deadlock")
raise_index = cell_index("raises-value-error", "forkserver")
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
    # The pointer off the matrix, so its hover outline does not mark another cell.
    ActionChains(d).move_to_element(d.find_element(By.ID, "panel-title")).perform()
    d.save_screenshot(SCREENSHOT)

    # A hang: every process of the tree with its threads' waits and Python stacks.
    d.find_element(By.CSS_SELECTOR, '#matrix td[data-cell="%d"]' % hang_index).click()
    panel = d.find_element(By.ID, "panel-body").text
    check(d.find_element(By.ID, "ev-outcome").text == "deadlock", "the panel did not switch to the deadlock cell")
    hung = doc["cells"][hang_index]["evidence"]["hang"]["processes"]
    check("Hang: every thread of every process".upper() in panel.upper() and len(hung) >= 2,
          "the panel lacks the hang evidence")
    for p in hung:
        check(str(p["pid"]) in panel, "hung process %s is not shown" % p["pid"])
        for t in p["threads"]:
            if t.get("python_stack"):
                check(t["python_stack"].strip().splitlines()[-1].strip() in panel,
                      "thread %s's Python stack is not shown" % t["tid"])
    check("Process tree".upper() in panel.upper(), "the panel lacks the process tree")

    # An exception: its traceback.
    d.find_element(By.CSS_SELECTOR, '#matrix td[data-cell="%d"]' % raise_index).click()
    panel = d.find_element(By.ID, "panel-body").text
    check("raised on purpose" in panel and "Traceback" in panel, "the panel lacks the exception's traceback")

    # Escape closes the panel.
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    check(not d.find_element(By.ID, "panel").is_displayed(), "Escape does not close the panel")

    # Filters by method and by tag.
    d.find_element(By.XPATH, '//fieldset[@id="f-methods"]//label[normalize-space()="spawn"]/input').click()
    check(len(visible(d, "#matrix td.cell")) == sum(c["method"] != "spawn" for c in doc["cells"]),
          "unticking spawn does not hide exactly the spawn cells")
    d.find_element(By.XPATH, '//fieldset[@id="f-methods"]//label[normalize-space()="spawn"]/input').click()
    d.find_element(By.CSS_SELECTOR, "#f-tags-box summary").click()
    d.find_element(By.XPATH, '//fieldset[@id="f-tags"]//label[normalize-space()="browser-test"]/input').click()
    check(len(visible(d, "#matrix tbody tr")) == 1, "the tag filter does not leave the one tagged case")

    # Claims view: filtered like the matrix, then one block per case, with where
    # each documented claim held (cases/held-lock-deadlock.py) and where it did not
    # (cases/wrong-expectation.py).
    d.find_element(By.CSS_SELECTOR, '#tabs [data-view="claims"]').click()
    check(len(visible(d, "#claims .claim")) == 1, "the tag filter does not apply to the claims view")
    d.find_element(By.XPATH, '//fieldset[@id="f-tags"]//label[normalize-space()="browser-test"]/input').click()
    blocks = visible(d, "#claims .claim")
    check(len(blocks) == len({c["case"] for c in doc["cells"]}), "the claims view does not list every case")
    by_case = {b.get_attribute("data-case"): b for b in blocks}
    for case, mark in (("held-lock-deadlock", "\u2713"), ("wrong-expectation", "\u2717")):
        holds = [c["claim_holds"] for c in doc["cells"] if c["case"] == case]
        check(all(h is (mark == "\u2713") for h in holds), "%s: claim_holds is %s in results.json" % (case, holds))
        marks = [td.text for td in by_case[case].find_elements(By.CSS_SELECTOR, "td.cell")]
        check(marks == [mark] * len(holds), "%s: the claims view shows %s" % (case, marks))
    d.find_element(By.ID, "f-claim-fails").click()
    check([b.get_attribute("data-case") for b in visible(d, "#claims .claim")] ==
          ["wrong-expectation"], "'only claims that fail somewhere' does not leave just the failing claim")
    check(not browser.script_errors(), "script errors: %s" % browser.script_errors())
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
