"""What else `gatehouse serve` answers: /healthz, /metrics, /api/audit (admin token), and the
docs site's files from --public, with safe path handling."""
from __future__ import annotations

from pathlib import Path

import anyio
import httpx
import pytest

from harness import GatewayConfig, RawMCP, mcp_session, result_text

pytestmark = [pytest.mark.gateway]

POLICY = {"version": "1", "default": "deny", "tools": {"echo": {}}}


def test_health_metrics_and_audit_api(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gateway_config.extra["adminToken"] = "admin-secret-123"
    gw = gateway()
    grant = gw.grant("audited", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        raw.call_tool("echo", {"text": "one"})
        raw.call_tool("nope", {})

        health = httpx.get(f"{gw.base_url}/healthz", timeout=5).json()
        replica = health.pop("replica")
        audit = health.pop("audit")
        assert health == {"status": "ok", "sessions": 1, "servers": ["rich"], "store": {"kind": "sqlite", "status": "up"}}
        # The last call's outcome may still wait (a fraction of a second) for its write.
        assert audit["queuedRows"] == 0 and audit["queuedOutcomes"] <= 1 and audit["spool"] is None, audit
        assert replica and raw.session_id.startswith(replica + ".")

        metrics = httpx.get(f"{gw.base_url}/metrics", timeout=5)
        assert metrics.status_code == 200 and metrics.headers["content-type"].startswith("text/plain")
        assert 'gatehouse_tool_calls_total{server="rich",tool="echo",decision="allow"} 1' in metrics.text
        assert 'gatehouse_tool_calls_total{server="rich",tool="nope",decision="deny"} 1' in metrics.text
        assert "gatehouse_tool_call_duration_seconds" in metrics.text

    url = f"{gw.base_url}/api/audit"
    assert httpx.get(url, timeout=5).status_code == 401
    assert httpx.get(url, headers={"Authorization": "Bearer wrong"}, timeout=5).status_code == 401
    admin = {"Authorization": "Bearer admin-secret-123"}
    rows = httpx.get(url, params={"kind": "tool_call"}, headers=admin, timeout=5).json()
    assert [(r["tool"], r["decision"]) for r in rows] == [("nope", "deny"), ("echo", "allow")]  # newest first
    denied = httpx.get(url, params={"decision": "deny", "limit": "1"}, headers=admin, timeout=5).json()
    assert len(denied) == 1 and denied[0]["tool"] == "nope"
    tail = httpx.get(url, params={"after": str(rows[1]["id"]), "kind": "tool_call"}, headers=admin, timeout=5).json()
    assert [r["tool"] for r in tail] == ["nope"]
    assert httpx.get(url, params={"since": "yesterday-ish"}, headers=admin, timeout=5).status_code == 400


def test_site_files_are_served_from_public(gateway, gateway_config: GatewayConfig, call_log: Path,
                                           tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "tools").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Gatehouse</h1>")
    (site / "tools" / "index.html").write_text("<h1>Tools</h1>")
    (tmp_path / "secret.txt").write_text("do not serve")
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gw = gateway(extra_args=["--public", str(site)])
    assert httpx.get(f"{gw.base_url}/", timeout=5).text == "<h1>Gatehouse</h1>"
    assert httpx.get(f"{gw.base_url}/tools/", timeout=5).text == "<h1>Tools</h1>"
    assert httpx.get(f"{gw.base_url}/missing.html", timeout=5).status_code == 404
    for probe in ("/../secret.txt", "/%2e%2e/secret.txt", "/tools/..%2f..%2fsecret.txt"):
        reply = httpx.get(f"{gw.base_url}{probe}", timeout=5)
        assert reply.status_code in (400, 404) and "do not serve" not in reply.text, probe
