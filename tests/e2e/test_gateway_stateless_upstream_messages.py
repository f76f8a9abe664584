"""What an upstream sends of its own on the gateway's pooled connections, seen by the official
`mcp` 2.3.0 client at 2026-07-28: the upstream's progress for a call arrives on the call's own
SSE answer, under the client's progress token, before the result; a request of the upstream's
(roots/list) is refused precisely (-32021, the gateway declared no such capability on the shared
connection) and audited; a 2026-07-28 upstream, used without sessions, cannot send one at all. With rich_server over stdio (initialized by the gateway at 2025-11-25)
and over Streamable HTTP (used without sessions).
"""
from __future__ import annotations

from pathlib import Path

import anyio
import pytest
from mcp.shared.exceptions import MCPError

from harness import GatewayConfig, UpstreamHTTP, mcp_client, result_text

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]

POLICY = {"version": "1", "default": "deny", "tools": {"slow_progress": {}, "list_client_roots": {}, "echo": {}}}


@pytest.mark.parametrize("rich_upstream", ["stdio", "http"], indirect=True)
async def test_progress_reaches_the_call_and_upstream_requests_are_refused(gateway, gateway_config: GatewayConfig,
                                                                           call_log: Path,
                                                                           rich_upstream: UpstreamHTTP | None) -> None:
    gateway_config.add_rich("rich", rich_upstream, call_log=call_log, policy=POLICY)
    gw = gateway()
    grant = gw.grant("progress-watcher", ["rich"])
    progress: list[tuple[float, float | None, str | None]] = []

    async def record(value: float, total: float | None, message: str | None) -> None:
        progress.append((value, total, message))

    async with mcp_client(gw.url("rich"), token=grant.token, mode="2026-07-28") as client:
        with anyio.fail_after(60):
            done = await client.call_tool("slow_progress", {"steps": 3, "delay": 0.02}, progress_callback=record)
            assert result_text(done) == "done 3"
            assert progress == [(1, 3, "step 1/3"), (2, 3, "step 2/3"), (3, 3, "step 3/3")]
            # Without a progress callback the answer is one JSON object, as before.
            assert result_text(await client.call_tool("echo", {"text": "plain"})) == "plain"
            # The upstream's tool fails on the refusal. A 2026-07-28 upstream used without a
            # session cannot send the request at all (its SDK refuses: no back-channel).
            expected = "declared no roots capability" if rich_upstream is None else "no back-channel"
            with pytest.raises(MCPError, match=expected):
                await client.call_tool("list_client_roots", {})
    refused = [r for r in gw.audit() if r["kind"] == "message_refused" and (r.get("detail") or {}).get("from") == "upstream"]
    assert [r["detail"]["method"] for r in refused] == (["roots/list"] if rich_upstream is None else [])


@pytest.mark.parametrize("rich_upstream", ["stdio", "http"], indirect=True)
async def test_log_messages_reach_a_call_that_asked_for_them(gateway, gateway_config: GatewayConfig, call_log: Path,
                                                            rich_upstream: UpstreamHTTP | None) -> None:
    """An agent opts in to a request's log messages with `_meta`'s logLevel (the client's
    `log_level`): the upstream's `notifications/message` then arrive on the call's SSE answer,
    at that level or above — from a stdio upstream too, whose log lines name no request (the
    call is the only one in flight on the connection). Without the opt-in none arrive."""
    policy = {"version": "1", "default": "deny", "tools": {"log_message": {}}}
    gateway_config.add_rich("rich", rich_upstream, call_log=call_log, policy=policy)
    gw = gateway()
    grant = gw.grant("log-reader", ["rich"])
    logged: list[tuple[str, object]] = []

    async def record(params) -> None:
        logged.append((params.level, params.data))

    async with mcp_client(gw.url("rich"), token=grant.token, mode="2026-07-28", log_level="info",
                          logging_callback=record) as client:
        with anyio.fail_after(60):
            assert result_text(await client.call_tool("log_message", {"level": "warning", "text": "disk low"})) != ""
            await client.call_tool("log_message", {"level": "debug", "text": "too quiet"})
    assert logged == [("warning", "disk low")]
    logged.clear()
    async with mcp_client(gw.url("rich"), token=grant.token, mode="2026-07-28", logging_callback=record) as client:
        with anyio.fail_after(60):
            await client.call_tool("log_message", {"level": "error", "text": "not asked for"})
    assert logged == []
