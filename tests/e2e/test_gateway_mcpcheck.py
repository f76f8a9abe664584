"""jbt-mcpcheck (PyPI), a third-party 2026-07-28 conformance checker, against /mcp/<server> in
front of the real mcp-server-time: every MUST check passes. Its JSON report is kept in
$GATEHOUSE_E2E_REPORTS (default .build/e2e-reports/) for whoever reads the run.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from harness import VENV_BIN, GatewayConfig

pytestmark = [pytest.mark.gateway]

REPORTS = Path(os.environ.get("GATEHOUSE_E2E_REPORTS", Path(__file__).resolve().parents[2] / ".build" / "e2e-reports"))
POLICY = {"version": "1", "default": "deny", "tools": {"get_current_time": {}, "convert_time": {"hide": True}}}


def test_mcpcheck_passes_every_must(gateway, gateway_config: GatewayConfig) -> None:
    gateway_config.add_pypi_stdio("time", "mcp-server-time", ["--local-timezone", "UTC"], policy=POLICY)
    gw = gateway()
    grant = gw.grant("checker", ["time"])
    done = subprocess.run([str(VENV_BIN / "mcpcheck"), gw.url("time"), "--token", grant.token, "--json"],
                          capture_output=True, text=True, timeout=180)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "mcpcheck.json").write_text(done.stdout)
    report = json.loads(done.stdout)
    failed = {c["name"]: c.get("failures") for c in report["checks"] if c["status"] == "fail"}
    assert done.returncode == 0 and not failed, failed
    assert {c["name"] for c in report["checks"]} >= {"handshake", "session", "discover", "protocol", "cache", "origin"}
