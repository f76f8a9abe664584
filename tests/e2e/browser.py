"""Headless Chromium for the pages' real-browser tests: Debian's `chromium` and
`chromium-driver` (scripts/install-deps), driven by selenium (tests/e2e/requirements.txt).

  missing_reason()        None when a browser and its driver are installed, else why not
  start(width, height)    a headless Chrome WebDriver (console messages kept for failure logs)
  wait_until(driver, fn)  polls fn(driver) until truthy (bounded), with a message on timeout
  screenshot(driver, name, fallback_dir)
                          a PNG of the whole page: into $GATEHOUSE_SCREENSHOTS (relative to the
                          repository root) when set -- `GATEHOUSE_SCREENSHOTS=docs/screenshots`
                          refreshes the committed ones -- else into fallback_dir
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Callable

REPO_ROOT = Path(__file__).resolve().parents[2]
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
DRIVERS = ("chromedriver",)


def _find(names: tuple[str, ...]) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def missing_reason() -> str | None:
    if _find(BROWSERS) is None:
        return "no chromium on PATH (scripts/install-deps installs Debian's chromium)"
    if _find(DRIVERS) is None:
        return "no chromedriver on PATH (scripts/install-deps installs Debian's chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (scripts/setup-python installs tests/e2e/requirements.txt)"
    return None


def start(width: int = 1280, height: int = 900) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _find(BROWSERS) or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", f"--window-size={width},{height}", "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=_find(DRIVERS)), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def wait_until(driver: Any, condition: Callable[[Any], Any], timeout: float = 20.0, message: str = "") -> Any:
    """Live pages re-render: an element that went stale while `condition` read it is one more try."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, timeout, poll_frequency=0.1, ignored_exceptions=ignored).until(condition, message)


def console_messages(driver: Any) -> list[str]:
    try:
        return [f"{entry.get('level')}: {entry.get('message')}" for entry in driver.get_log("browser")]
    except Exception:  # noqa: BLE001 - logs are a diagnostic; never fail a test over them
        return []


def screenshot(driver: Any, name: str, fallback_dir: Path) -> Path:
    """Saves `name`.png of the whole page (the window grows to the page's height first)."""
    folder = os.environ.get("GATEHOUSE_SCREENSHOTS")
    target = (REPO_ROOT / folder) if folder else fallback_dir
    target.mkdir(parents=True, exist_ok=True)
    size = driver.get_window_size()
    # The window's height includes the browser's own frame: add it, so the viewport holds the page.
    height = driver.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight) + window.outerHeight - window.innerHeight")
    driver.set_window_size(size["width"], min(max(int(height) + 20, size["height"]), 8000))
    driver.execute_script("window.scrollTo(0, 0); document.querySelectorAll('*').forEach(function (e) { e.scrollLeft = 0; });")
    path = target / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(size["width"], size["height"])
    return path
