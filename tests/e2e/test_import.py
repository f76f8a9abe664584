"""`gatehouse import` against servers it did not write: PyPI's mcp-server-time over stdio and
the official SDK's Streamable HTTP server (rich_server.py), plus servers that fail.

Every import runs the real binary; a stdio server gets the env marker through --env, so any
process it leaves behind is found afterwards (the child's environment is scrubbed otherwise).
"""
from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

from harness import PYTHON, VENV_BIN, gatehouse_bin, kill_pids, pids_with_env_marker, wait_gone, wait_until

pytestmark = pytest.mark.gateway

MARKER = "GATEHOUSE_E2E_IMPORT"


class Import:
    """One `gatehouse import` run into a fresh catalog folder, with a leak check."""

    def __init__(self, binary: Path, catalog: Path):
        self.binary = binary
        self.catalog = catalog
        self.marker = uuid.uuid4().hex

    def run(self, *args: str, stdio: list[str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        cmd = [str(self.binary), "import", "--catalog", str(self.catalog), *args]
        if stdio is not None:
            cmd += ["--stdio", shlex.join(stdio), "--env", f"{MARKER}={self.marker}"]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def leftovers(self) -> set[int]:
        """Processes the imported server left behind (killed before returning)."""
        leaked = wait_gone(pids_with_env_marker(MARKER, self.marker), 3)
        kill_pids(leaked)
        return leaked

    def files(self) -> list[str]:
        folder = self.catalog / "servers"
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def importer(gatehouse_binary: Path, tmp_path: Path) -> Import:
    return Import(gatehouse_binary, tmp_path / "catalog")


def catalog_check(binary: Path, catalog: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), "catalog", "check", "--catalog", str(catalog)],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def python_server(code: str) -> list[str]:
    """A stdio 'server' that is a few lines of Python."""
    return [PYTHON, "-c", code]


# --------------------------------------------------------------------------- success
def test_imports_mcp_server_time_over_stdio(importer: Import) -> None:
    cp = importer.run("--json", stdio=[str(VENV_BIN / "mcp-server-time"), "--local-timezone", "UTC"])
    assert cp.returncode == 0, cp.stderr
    printed = json.loads(cp.stdout)
    assert printed["id"] == "mcp-time"
    assert sorted(printed["tools"]) == ["convert_time", "get_current_time"]

    data = json.loads((importer.catalog / "servers" / "mcp-time.json").read_text())
    assert data["id"] == "mcp-time"
    assert data["transport"] == "stdio"
    assert data["serverInfo"]["name"] == "mcp-time"
    assert data["import"]["protocolVersion"] == "2025-11-25"
    assert data["import"]["source"].endswith("mcp-server-time --local-timezone UTC")
    assert MARKER not in json.dumps(data), "the --env value must not be recorded"
    tools = {t["name"]: t for t in data["tools"]}
    assert tools["get_current_time"]["annotations"]["readOnlyHint"] is True
    assert tools["convert_time"]["inputSchema"]["type"] == "object"

    check = catalog_check(importer.binary, importer.catalog)
    assert check.returncode == 0, check.stdout + check.stderr
    assert not importer.leftovers(), "the server must be stopped after the import"


def test_imports_over_streamable_http_and_uses_the_id_given(importer: Import, rich_http) -> None:
    upstream = rich_http()
    cp = importer.run("--url", upstream.url, "--header", "Authorization: Bearer not-recorded", "--id", "rich")
    assert cp.returncode == 0, cp.stderr
    assert "-> " in cp.stdout and "rich.json" in cp.stdout
    data = json.loads((importer.catalog / "servers" / "rich.json").read_text())
    assert data["transport"] == "http"
    assert data["serverInfo"]["name"] == "gatehouse-rich-upstream"
    assert data["import"]["source"] == upstream.url
    assert "not-recorded" not in json.dumps(data), "headers must not be recorded"
    names = {t["name"] for t in data["tools"]}
    assert {"echo", "slow_progress", "ask_llm", "list_client_roots", "crash"} <= names
    check = catalog_check(importer.binary, importer.catalog)
    assert check.returncode == 0, check.stdout + check.stderr


def test_reimporting_replaces_the_file(importer: Import) -> None:
    server = [str(VENV_BIN / "mcp-server-time")]
    assert importer.run(stdio=server).returncode == 0
    first = (importer.catalog / "servers" / "mcp-time.json").read_text()
    assert importer.run(stdio=server).returncode == 0
    assert importer.files() == ["mcp-time.json"]
    assert json.loads(first)["tools"] == json.loads((importer.catalog / "servers" / "mcp-time.json").read_text())["tools"]


# --------------------------------------------------------------------------- failures
FAILING_SERVERS = {
    "prints garbage": (python_server("print('Starting server...', flush=True)\nimport threading\nthreading.Event().wait()"),
                       ["did not answer initialize within 2.0 seconds", "Starting server..."]),
    "hangs": (python_server("import threading\nthreading.Event().wait()"), ["did not answer initialize within 2.0 seconds"]),
    "exits at once": (python_server("import sys\nprint('cannot start: no API key', file=sys.stderr)\nsys.exit(3)"),
                      ["exited with status 3", "cannot start: no API key"]),
    "answers with an error": (python_server(
        "import sys, json\nline = sys.stdin.readline()\nreq = json.loads(line)\n"
        "print(json.dumps({'jsonrpc': '2.0', 'id': req['id'], 'error': {'code': -32602, 'message': 'unsupported'}}), flush=True)\n"
        "sys.stdin.read()"), ["answered initialize with error -32602: unsupported"]),
}


@pytest.mark.parametrize("case", list(FAILING_SERVERS))
def test_a_failing_server_is_an_error_and_writes_nothing(importer: Import, case: str) -> None:
    server, messages = FAILING_SERVERS[case]
    # The hanging servers never end by themselves: the run returning at all (before run()'s
    # own watchdog) shows that gatehouse gave up at --timeout and stopped the server.
    cp = importer.run("--timeout", "2", stdio=server)
    assert cp.returncode == 1, cp.stdout + cp.stderr
    assert cp.stdout == ""
    for message in messages:
        assert message in cp.stderr
    assert importer.files() == []
    assert not importer.leftovers()


def test_a_missing_command_is_named(importer: Import) -> None:
    cp = importer.run(stdio=["gatehouse-no-such-mcp-server", "--flag"])
    assert cp.returncode == 1
    assert "command 'gatehouse-no-such-mcp-server' not found" in cp.stderr
    assert importer.files() == []


def test_an_unreachable_url_is_an_error(importer: Import) -> None:
    cp = importer.run("--url", "http://127.0.0.1:9/mcp", "--timeout", "5")
    assert cp.returncode == 1
    assert "connection refused" in cp.stderr
    assert importer.files() == []


def test_usage_errors_exit_2(importer: Import) -> None:
    assert importer.run().returncode == 2
    assert importer.run("--stdio", "server 'unterminated").returncode == 2
    assert importer.run("--url", "http://x/mcp", "--id", "../escape").returncode == 2


def test_the_server_dies_with_gatehouse(importer: Import) -> None:
    cmd = [str(importer.binary), "import", "--catalog", str(importer.catalog), "--timeout", "60",
           "--stdio", shlex.join(python_server("import time\ntime.sleep(60)")), "--env", f"{MARKER}={importer.marker}"]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: pids_with_env_marker(MARKER, importer.marker), what="the server never started")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert not importer.leftovers(), "a server outlived a SIGKILLed gatehouse"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
