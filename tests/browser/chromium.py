"""Debian's headless Chromium under Selenium, started the way a CI container allows:
as root (no sandbox), without a GPU or /dev/shm, with nothing reaching the network,
and with a fresh profile so no earlier run's state leaks in."""
import os
import shutil
import socket
import tempfile

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def missing():
    """Why the browser cannot run here, or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            return path + " is not installed (sh ci/setup.sh installs it)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "python3-selenium is not installed (sh ci/setup.sh installs it)"
    # Selenium talks to chromedriver at http://localhost:PORT. A bare chroot
    # (debootstrap minbase) has no /etc/hosts, and then nothing resolves the name.
    try:
        socket.getaddrinfo("localhost", None)
    except OSError:
        return "localhost does not resolve (no /etc/hosts?): Selenium reaches chromedriver by that name"
    return None


class Browser:
    def __init__(self, width=1600, height=1000):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="mpconform-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--user-data-dir=" + self.profile,
                     "--window-size=%d,%d" % (width, height)):
            options.add_argument(flag)
        # The page's console, to fail on script errors.
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # An explicit driver path: Selenium must not go looking for one online.
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(60)

    def script_errors(self):
        return [e for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]

    def close(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
