"""Smoke test of the real gateway through the harness (skipped until the binary exists).

Only the interface the harness was written against is assumed: serve + /healthz,
/mcp/<server>, grant create --json, audit --json, Bearer tokens, and a real policy (an
empty `{}` is not one: the gateway refuses to run a server under an invalid policy).
"""
from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from harness import GatewayConfig, RawMCP, Recorder, mcp_session, read_call_log, result_text

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]

ECHO_ONLY = {"version": "1", "default": "deny", "tools": {"echo": {}}}


async def test_echo_through_gateway(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=ECHO_ONLY)
    gw = gateway()
    grant = gw.grant("smoke-agent", ["rich"])
    rec = Recorder()
    async with mcp_session(gw.url("rich"), token=grant.token, recorder=rec) as s:
        with anyio.fail_after(30):
            tools = {t.name for t in (await s.list_tools()).tools}
            assert "echo" in tools
            r = await s.call_tool("echo", {"text": "through the gate"})
            assert result_text(r) == "through the gate"
    gw.snapshot_children()
    assert [e["tool"] for e in read_call_log(call_log)] == ["echo"]
    rows = gw.audit()
    assert [(r["tool"], r["decision"], r["outcome"]) for r in rows if r["kind"] == "tool_call"] == [("echo", "allow", "ok")]


def test_request_without_token_is_rejected(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=ECHO_ONLY)
    gw = gateway()
    with RawMCP(gw.url("rich")) as raw:
        reply = raw.post({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "x", "version": "0"}}})
        assert reply.status == 401, reply
    assert read_call_log(call_log) == []
