"""The query page of `kg serve` in a real headless browser (Debian chromium + chromedriver, via selenium)."""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.cli_query  # noqa: F401  (registers the commands)
from kg.cli import app
from conftest import stop_process

ROOT = Path(__file__).resolve().parent.parent
QUERY = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def need(what: str, found) -> None:
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI")
    pytest.skip(f"{what} not installed")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    need("selenium (pip)", _importable("selenium"))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    need("chromium (apt-get install chromium)", chromium)
    need("chromedriver (apt-get install chromium-driver)", driver_path)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _importable(name: str) -> bool:
    try:
        __import__(name)
        return True
    except ImportError:
        return False


@pytest.fixture(scope="module")
def server(built: Path):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(built), "--port", "0", "--workers", "1"],
                            cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()
    url, deadline = None, time.monotonic() + 60
    while url is None and time.monotonic() < deadline and proc.poll() is None:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if line.startswith("serving "):
            url = line.split(" at ")[1].split()[0]
    try:
        assert url, "kg serve did not start"
        yield url
    finally:
        stop_process(proc)


def read_table(driver) -> tuple[list[str], list[list[str]]]:
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "#results tr")
    head = [th.text for th in rows[0].find_elements(By.TAG_NAME, "th")]
    return head, [[td.text for td in r.find_elements(By.TAG_NAME, "td")] for r in rows[1:]]


def wait_for_rows(driver) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(lambda d: " rows" in d.find_element(By.ID, "status").text
                                    or d.find_element(By.ID, "error").text)
    assert not driver.find_element(By.ID, "error").text
    return driver.find_element(By.ID, "status").text


def test_type_a_query_and_read_the_table(browser, server: str, built: Path):
    from selenium.webdriver.common.by import By

    browser.get(server)
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys(QUERY)
    browser.find_element(By.ID, "run").click()
    status = wait_for_rows(browser)
    head, rows = read_table(browser)
    local = json.loads(CliRunner().invoke(app, ["query", QUERY, "-g", str(built / "kg.ttl"), "-f", "json"]).stdout)
    expected = [[b["label"]["value"]] for b in local["results"]["bindings"]]
    assert head == ["s", "label"]
    assert status.startswith(f"{len(expected)} rows") and [r[1:] for r in rows] == expected
    assert all(r[0].startswith(("article:", "report:", "org:", "event:", "person:", "place:", "post:")) for r in rows)


def test_example_links_run_the_competency_queries(browser, server: str):
    from selenium.webdriver.common.by import By

    browser.get(server)
    links = browser.find_elements(By.CSS_SELECTOR, "#examples a")
    assert [a.text for a in links] == [p.stem for p in sorted((ROOT / "queries").glob("*.rq"))]
    links[0].click()
    wait_for_rows(browser)
    assert read_table(browser)[0] == ["report", "title", "publisher", "releaseDate", "event"]
    assert "cnkg:Report" in browser.find_element(By.ID, "query").get_property("value")


def test_a_bad_query_shows_the_error(browser, server: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server)
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys("SELECT * WHERE {")
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_element(By.ID, "error").text)
    assert "bad query" in browser.find_element(By.ID, "error").text
    assert "400" in browser.find_element(By.ID, "status").text
