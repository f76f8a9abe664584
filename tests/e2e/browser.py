"""Headless Chromium for end-to-end tests of pages: the docs site, and the gateway's builder,
approvals and dashboard pages.

    with chromium() as driver:             # a selenium WebDriver, or pytest.skip when unavailable
        driver.get(url)

    with static_server(folder) as base:    # "http://127.0.0.1:PORT/" serving `folder`
        ...

    wait_until(driver, condition)          # bounded polling that survives live re-renders
    screenshot(driver, name, fallback)     # whole-page PNG, into $GATEHOUSE_SCREENSHOTS when set

Uses Debian's `chromium` and `chromium-driver` (scripts/install-deps) through selenium (pinned
in requirements.txt). Clipboard read/write permissions are granted to every origin the test
opens, through the Chrome DevTools Protocol, so a test can read back what a copy button wrote.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

REPO_ROOT = Path(__file__).resolve().parents[2]

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_CANDIDATES = ("chromedriver",)


def missing_reason() -> str | None:
    """None when a headless browser can run here, else why not (for pytest.skip)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (scripts/setup-python installs tests/e2e/requirements.txt)"
    if not _find(CHROMIUM_CANDIDATES):
        return "chromium is not installed (scripts/install-deps installs Debian's chromium and chromium-driver)"
    if not _find(DRIVER_CANDIDATES) and not Path("/usr/lib/chromium/chromedriver").exists():
        return "chromedriver is not installed (Debian's chromium-driver; scripts/install-deps installs it)"
    return None


def _find(names: tuple[str, ...]) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


@contextmanager
def chromium(width: int = 1200, height: int = 900) -> Iterator["object"]:
    """A headless Chromium WebDriver; quit on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _find(CHROMIUM_CANDIDATES) or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}", "--allow-file-access-from-files"):
        options.add_argument(argument)
    driver_path = _find(DRIVER_CANDIDATES) or "/usr/lib/chromium/chromedriver"
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(15)
    try:
        yield driver
    finally:
        driver.quit()


def grant_clipboard(driver: "object", origin: str) -> None:
    """Let pages of `origin` (e.g. http://127.0.0.1:PORT) read and write the clipboard."""
    driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})


def read_clipboard(driver: "object") -> str:
    """The clipboard's text, read by the page itself (needs grant_clipboard first)."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done('CLIPBOARD ERROR: ' + e));")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (an OS-chosen port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=os.fspath(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- live pages
# For the gateway's pages (/builder, /approvals, /dashboard; tests/e2e/test_pages.py).

def wait_until(driver: "object", condition: "Callable[[object], object]", timeout: float = 20.0, message: str = "") -> object:
    """Polls condition(driver) until truthy (bounded). Live pages re-render: an element that
    went stale while `condition` read it is one more try."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, timeout, poll_frequency=0.1, ignored_exceptions=ignored).until(condition, message)


def screenshot(driver: "object", name: str, fallback_dir: Path, width: int = 1280) -> Path:
    """Saves `name`.png of the whole page, `width` pixels wide: into $GATEHOUSE_SCREENSHOTS
    (relative to the repository root) when set — `GATEHOUSE_SCREENSHOTS=docs/screenshots`
    refreshes the committed ones — else into `fallback_dir`. The window size is restored."""
    folder = os.environ.get("GATEHOUSE_SCREENSHOTS")
    target = (REPO_ROOT / folder) if folder else fallback_dir
    target.mkdir(parents=True, exist_ok=True)
    size = driver.get_window_size()
    driver.set_window_size(width, size["height"])
    # The window's height includes the browser's own frame: add it, so the viewport holds the page.
    height = driver.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight) + window.outerHeight - window.innerHeight")
    driver.set_window_size(width, min(max(int(height) + 20, size["height"]), 8000))
    driver.execute_script("window.scrollTo(0, 0); document.querySelectorAll('*').forEach(function (e) { e.scrollLeft = 0; });")
    path = target / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(size["width"], size["height"])
    return path
