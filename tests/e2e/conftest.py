"""pytest wiring for the Gatehouse end-to-end tests.

Fixtures:
  anyio_backend        "asyncio" (async tests are marked @pytest.mark.anyio)
  gatehouse_binary     Path of the gateway binary; SKIPS the test when it does not exist
  gateway_config       a GatewayConfig writing into the test's tmp dir
  gateway              factory: gateway(config=None, **Gateway kwargs) -> started Gateway;
                       stopped (with the leak check) at teardown, log printed if the test failed
  call_log             Path of a fresh CALL_LOG file for the fixtures
  tools_file           Path of a TOOLS_FILE for changing_server.py (empty tool list)
  rich_http            factory: rich_http(**UpstreamHTTP kwargs) -> started rich_server over HTTP
  rich_upstream        indirect param "stdio" | "http": None (rich_server over stdio, the gateway
                       runs it) or a started rich_server over Streamable HTTP (2026-07-28) writing
                       to call_log; pass it to GatewayConfig.add_rich
  git_repo             a tiny committed git repository (for mcp-server-git)
  browser              a headless Chromium WebDriver (browser.py); SKIPS when chromium,
                       chromedriver or selenium is missing (CI installs them)

Run from the repository root after scripts/setup-python:
  .venv-test/bin/python -m pytest tests/e2e
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser as browser_support  # noqa: E402
import harness  # noqa: E402
from harness import Gateway, GatewayConfig, UpstreamHTTP  # noqa: E402


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _test_failed(request: pytest.FixtureRequest) -> bool:
    node = request.node
    return any(getattr(getattr(node, f"rep_{w}", None), "failed", False) for w in ("setup", "call"))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def gatehouse_binary() -> Path:
    reason = harness.gatehouse_missing_reason()
    if reason:
        pytest.skip(reason)
    return harness.gatehouse_bin()


@pytest.fixture
def gateway_config(tmp_path: Path) -> GatewayConfig:
    return GatewayConfig(directory=tmp_path)


@pytest.fixture
def gateway(gatehouse_binary: Path, gateway_config: GatewayConfig, request: pytest.FixtureRequest
            ) -> Iterator[Callable[..., Gateway]]:
    """Factory: start `gatehouse serve` for a config; all started gateways stop at teardown."""
    started: list[Gateway] = []

    def start(config: GatewayConfig | None = None, **kwargs: Any) -> Gateway:
        gw = Gateway(config or gateway_config, binary=gatehouse_binary, **kwargs)
        started.append(gw)
        return gw.start()

    yield start

    errors: list[BaseException] = []
    failed = _test_failed(request)
    for gw in reversed(started):
        try:
            gw.stop(check_leaks=None if not failed else False)
        except BaseException as exc:  # noqa: BLE001 - report after printing logs
            errors.append(exc)
        if failed or errors:
            print(f"\n--- gatehouse log ({gw.log_path})\n{gw.log_text()}")
    if errors:
        raise errors[0]


@pytest.fixture
def call_log(tmp_path: Path) -> Path:
    return tmp_path / "calls.jsonl"


@pytest.fixture
def tools_file(tmp_path: Path) -> Path:
    p = tmp_path / "tools.json"
    p.write_text(json.dumps({"tools": []}))
    return p


@pytest.fixture
def rich_http(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[..., UpstreamHTTP]]:
    """Factory for fixture servers over HTTP; all are killed at teardown."""
    started: list[UpstreamHTTP] = []

    def start(**kwargs: Any) -> UpstreamHTTP:
        kwargs.setdefault("log_path", tmp_path / f"upstream-{len(started)}.log")
        up = UpstreamHTTP(**kwargs)
        started.append(up)
        return up.start()

    yield start
    for up in started:
        up.stop()
        if _test_failed(request):
            print(f"\n--- upstream log ({up.log_path})\n{harness.tail(up.log_path)}")


@pytest.fixture
def rich_upstream(request: pytest.FixtureRequest, rich_http: Callable[..., UpstreamHTTP],
                  call_log: Path) -> UpstreamHTTP | None:
    """The upstream kind a test is parametrized with (indirect): "stdio" (None: the gateway starts
    rich_server itself) or "http" (rich_server over Streamable HTTP, logging calls to call_log)."""
    kind = getattr(request, "param", "stdio")
    if kind == "stdio":
        return None
    assert kind == "http", kind
    return rich_http(env={"CALL_LOG": str(call_log)})


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "e2e", "GIT_AUTHOR_EMAIL": "e2e@example.invalid",
           "GIT_COMMITTER_NAME": "e2e", "GIT_COMMITTER_EMAIL": "e2e@example.invalid"}
    (repo / "README.md").write_text("hello\n")
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "README.md"], ["git", "commit", "-q", "-m", "first commit"]):
        subprocess.run(cmd, cwd=repo, env=env, check=True, timeout=30, capture_output=True)
    (repo / "README.md").write_text("hello\nchanged\n")
    return repo


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session; tests open their own pages."""
    reason = browser_support.missing_reason()
    if reason:
        pytest.skip(reason)
    with browser_support.chromium() as driver:
        yield driver
