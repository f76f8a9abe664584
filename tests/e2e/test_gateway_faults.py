"""Faults: an upstream that crashes mid-call, one that hangs, an agent that goes away, a
gateway told to stop -- each gets a precise answer quickly, and no process outlives the gateway.
"""
from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path

import anyio
import httpx
import pytest

from harness import (PROTOCOL_VERSION, Gateway, GatewayConfig, RawMCP, descendants, mcp_session, pid_alive,
                     read_call_log, result_text, wait_until)

pytestmark = [pytest.mark.gateway]

POLICY = {"version": "1", "default": "allow"}


def test_crashed_upstream_fails_the_call_fast_and_the_next_call_gets_a_fresh_process(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gw = gateway()
    grant = gw.grant("crasher", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        assert result_text(raw.call_tool("echo", {"text": "one"})["result"]) == "one"
        first_pid = read_call_log(call_log)[-1]["pid"]

        # Fails at once, with the crash as its reason: the call did not wait for the call timeout.
        crashed = raw.call_tool("crash", {})
        assert crashed["error"]["code"] == -32603
        assert "exited with status 3" in crashed["error"]["message"]

        assert result_text(raw.call_tool("echo", {"text": "two"})["result"]) == "two"
        second_pid = read_call_log(call_log)[-1]["pid"]
        assert second_pid != first_pid and not pid_alive(first_pid)
    rows = gw.audit()
    crash_row = next(r for r in rows if r["kind"] == "tool_call" and r["tool"] == "crash")
    assert crash_row["outcome"] == "failed"
    assert any(r["kind"] == "upstream_crashed" for r in rows)
    metrics = httpx.get(f"{gw.base_url}/metrics", timeout=5).text
    assert 'gatehouse_upstream_restarts_total{server="rich"} 1' in metrics
    # The upstream's stderr is in the gateway's log: time, level, label, metadata, source.
    line = next(l for l in gw.log_text().splitlines() if "rich_server: crash() called" in l)
    assert re.fullmatch(r"\S+ info gatehouse: stream=stderr upstream=rich "
                        r"\[Upstream\] rich_server: crash\(\) called, exiting with os\._exit\(3\)", line), line


def test_crash_keeps_the_calls_units(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    """The upstream may have acted before it died: the unit stays spent (issue 12)."""
    policy = {"version": "1", "default": "deny", "tools": {
        "crash": {"rate_limit": {"max": 1, "window": "minute"}},
        "echo": {}}}
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=policy)
    gw = gateway()
    grant = gw.grant("refund", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        assert "error" in raw.call_tool("crash", {})
        # the crashed call kept its unit: the budget of 1 is spent, and nothing more reaches the upstream
        second = raw.call_tool("crash", {})
        assert second["result"]["isError"] and "rate-limited" in result_text(second["result"]), second
    assert [e["tool"] for e in read_call_log(call_log)] == ["crash"]


def test_hanging_upstream_gets_a_timeout_error(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY, callTimeoutSeconds=1)
    gw = gateway()
    grant = gw.grant("patient", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        reply = raw.post({"jsonrpc": "2.0", "id": 11, "method": "tools/call",
                          "params": {"name": "sleep", "arguments": {"seconds": 30}}}, timeout=25)
        answer = reply.response_for(11)
        assert answer is not None, reply
        # answered by the 1 s call timeout (the error says so), not by the end of the 30 s sleep (a result)
        assert answer["error"]["code"] == -32001 and "did not answer" in answer["error"]["message"]
        # the session goes on
        assert result_text(raw.call_tool("echo", {"text": "after"})["result"]) == "after"
    row = next(r for r in gw.audit() if r["kind"] == "tool_call" and r["tool"] == "sleep")
    assert row["outcome"] == "timeout"


def test_agent_that_goes_away_gets_its_upstream_work_cancelled(gateway, gateway_config: GatewayConfig,
                                                               call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gw = gateway()
    grant = gw.grant("leaver", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        # wait for the keep-alive that turns the reply into a stream, then hang up
        reply = raw.post({"jsonrpc": "2.0", "id": 21, "method": "tools/call",
                          "params": {"name": "sleep", "arguments": {"seconds": 20}}}, timeout=1.6)
        assert reply.timed_out or reply.is_sse
    def ended() -> dict | None:
        row = next((r for r in gw.audit() if r["kind"] == "tool_call" and r["tool"] == "sleep"), None)
        return row if row and row["outcome"] else None

    row = wait_until(ended, what="the abandoned call's row never got an outcome", interval=0.3)
    assert row["outcome"] == "cancelled", row


def test_sigterm_stops_the_gateway_and_every_upstream_quickly(gateway_config: GatewayConfig, call_log: Path,
                                                              gatehouse_binary: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    # At debug level the service group says when a graceful shutdown outran its 3 s and was cancelled.
    gw = Gateway(gateway_config, binary=gatehouse_binary, extra_args=["--log-level", "debug"])
    gw.start()
    try:
        grant = gw.grant("stopper", ["rich"])
        peers = [RawMCP(gw.url("rich"), token=grant.token) for _ in range(3)]
        for p in peers:
            p.initialize()
            p.call_tool("echo", {"text": "up"})
        children = gw.snapshot_children()
        assert len(children) >= 3
        # a GET stream held open must not keep the gateway alive
        stream_client = httpx.Client(timeout=10)
        stream = stream_client.stream("GET", gw.url("rich"), headers={
            "Authorization": f"Bearer {grant.token}", "Accept": "text/event-stream",
            "Mcp-Session-Id": peers[0].session_id, "MCP-Protocol-Version": PROTOCOL_VERSION})
        stream.__enter__()
        gw.proc.send_signal(signal.SIGTERM)
        assert gw.proc.wait(timeout=30) == 0
        # Quickly: every service finished its graceful shutdown; none had to be cancelled.
        assert "Graceful shutdown took longer than allowed" not in gw.log_text()
        for p in peers:
            p.close()
        stream_client.close()
    finally:
        gw.stop(check_leaks=True)
    assert not any(pid_alive(pid) for pid in children)
