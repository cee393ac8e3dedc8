"""The report in a real browser: headless Chromium (Debian's chromium + chromium-driver) opens the
dashboard and a call page from disk with no console errors, sorts a table, follows a timeline
link, and saves screenshots."""

from __future__ import annotations

import shutil

import pytest

from convo_nlp.io import read_calls
from convo_nlp.pipeline import Analyzer
from convo_nlp.report import write_report

from conftest import TRANSCRIPT_SAMPLES

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="Debian's chromium and chromium-driver are not installed (make test installs them)",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1300,1800",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    analyzer = Analyzer()
    results = [(str(p), analyzer.process(c)) for p in TRANSCRIPT_SAMPLES for c in read_calls(p).calls]
    return write_report(results, tmp_path_factory.mktemp("report"))


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def test_dashboard_and_call_page_load_without_console_errors(browser, report, tmp_path_factory):
    from selenium.webdriver.common.by import By

    shots = tmp_path_factory.mktemp("screenshots")
    browser.get(report.index.resolve().as_uri())
    assert browser.title == "LAST compliance report"
    assert _errors(browser) == []
    # the calls table sorts by score when its header is clicked (descending on the second click)
    table = browser.find_element(By.CSS_SELECTOR, "table.calls")
    header = table.find_elements(By.CSS_SELECTOR, "thead th")[1]
    header.click()
    header.click()
    scores = [float(td.get_attribute("data-sort")) for td in table.find_elements(By.CSS_SELECTOR, "tbody td.num")]
    assert scores == sorted(scores, reverse=True)
    assert browser.save_screenshot(str(shots / "index.png"))

    page = next(p for p in report.pages if p.stem == "ar_lev_telecom_codeswitch")
    browser.get(page.resolve().as_uri())
    assert _errors(browser) == []
    turn = browser.find_element(By.CSS_SELECTOR, ".turn[lang=ar]")
    assert turn.get_attribute("dir") == "rtl"
    assert turn.value_of_css_property("direction") == "rtl"
    # a timeline bar is a link to its turn
    link = browser.find_element(By.CSS_SELECTOR, "svg a")
    target = link.get_dom_attribute("href").split("#")[1]
    assert browser.find_element(By.ID, target)
    link.find_element(By.CSS_SELECTOR, "rect").click()
    assert browser.current_url.endswith("#" + target)
    assert browser.save_screenshot(str(shots / "call.png"))
    for name in ("index.png", "call.png"):
        assert (shots / name).stat().st_size > 10_000
