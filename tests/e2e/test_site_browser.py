"""A person using the generated site in a real browser (headless Chromium): search finds
UpdateOneConnectedAccount, its page shows the seed's policy, and the copy button puts exactly
that JSON on the clipboard."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import browser as browser_support
from test_site import SEED_POLICY, TOOL_PAGE, downloaded_policy, generate

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def browsed_site(gatehouse_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browsed") / "public"
    generate(gatehouse_binary, out)
    return out


def search(driver, query: str, results_id: str) -> list:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = driver.find_element(By.CSS_SELECTOR, f"input[data-results='{results_id}']") if results_id != "search-results" \
        else driver.find_element(By.ID, "search-input")
    box.click()
    box.send_keys(query)
    WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#{results_id} li a"))
    return driver.find_elements(By.CSS_SELECTOR, f"#{results_id} li a")


def test_search_from_file_url_finds_the_tool_and_opens_its_page(browser, browsed_site: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((browsed_site / "index.html").as_uri())
    assert "MCP tools" in browser.title
    links = search(browser, "UpdateOneConnectedAccount", "home-results")
    assert links[0].find_element(By.CLASS_NAME, "name").text == "UpdateOneConnectedAccount"
    links[0].click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith(str(TOOL_PAGE)))
    shown = browser.find_element(By.ID, "policy-json").text
    assert json.loads(shown) == SEED_POLICY


def test_copy_button_puts_exactly_the_policy_on_the_clipboard(browser, browsed_site: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with browser_support.static_server(browsed_site) as base:
        browser_support.grant_clipboard(browser, base.rstrip("/"))
        browser.get(base + "index.html")
        links = search(browser, "updateoneconn", "home-results")
        links[0].click()
        WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith(str(TOOL_PAGE)))
        expected = downloaded_policy(browsed_site / TOOL_PAGE)
        assert json.loads(expected) == SEED_POLICY

        button = browser.find_element(By.CSS_SELECTOR, "button[data-copy='policy-json']")
        assert button.is_displayed(), "site.js shows the button the HTML hides"
        button.click()
        WebDriverWait(browser, 10).until(lambda d: button.get_attribute("data-copied") == "true")
        assert browser_support.read_clipboard(browser) == expected
        status = browser.find_element(By.CSS_SELECTOR, ".policy .copy-status")
        assert status.get_attribute("aria-live") == "polite"
        assert status.get_attribute("textContent") == "Copied policy.json to the clipboard"

        download = browser.find_element(By.CSS_SELECTOR, "a.download")
        assert download.get_attribute("download") == "policy.json"
        fetched = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0]).then(r => r.text()).then(done, e => done('FETCH ERROR: ' + e));",
            download.get_attribute("href"))
        assert fetched == expected


def test_header_search_on_a_tool_page_links_back_across_the_site(browser, browsed_site: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((browsed_site / TOOL_PAGE).as_uri())
    links = search(browser, "delete_repository", "search-results")
    links[0].click()
    WebDriverWait(browser, 10).until(lambda d: "delete_repository" in d.title)
