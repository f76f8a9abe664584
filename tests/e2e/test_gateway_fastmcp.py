"""fastmcp 4.1.6 in front of the gateway: its Client in auto and 2026-07-28 modes, and
`create_proxy(gateway_url)` in its default mode (it mirrors the era of whoever connects to it),
used by a default fastmcp Client -- they see the allowed tools and get our refusals.

The upstream is the real mcp-server-time from PyPI, over stdio, which speaks an older revision.
"""
from __future__ import annotations

import json

import anyio
import pytest

from harness import GatewayConfig, result_text

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]

POLICY = {"version": "1", "default": "deny", "tools": {
    "get_current_time": {"limits": [{"counter": "time_rate", "window": "minute", "max": 1, "scope": "grant"}]},
    "convert_time": {"action": "deny", "reason": "time zone conversions are not needed here"}}}
CONVERT = {"source_timezone": "UTC", "time": "12:00", "target_timezone": "Asia/Tokyo"}


@pytest.fixture
def time_gateway(gateway, gateway_config: GatewayConfig):
    gateway_config.add_pypi_stdio("time", "mcp-server-time", ["--local-timezone", "UTC"], policy=POLICY)
    gw = gateway()
    return gw, gw.grant("fastmcp-agent", ["time"])


def transport(gw, grant):
    from fastmcp.client.transports import StreamableHttpTransport

    return StreamableHttpTransport(gw.url("time"), auth=grant.token)


@pytest.mark.parametrize("mode", ["auto", "2026-07-28"])
async def test_fastmcp_client_sees_allowed_tools_and_our_refusals(time_gateway, mode: str) -> None:
    from fastmcp import Client

    gw, grant = time_gateway
    with anyio.fail_after(60):
        async with Client(transport(gw, grant), mode=mode) as client:
            assert client.protocol_version == "2026-07-28"
            assert [t.name for t in await client.list_tools()] == ["get_current_time"]
            now = await client.call_tool("get_current_time", {"timezone": "Europe/Paris"})
            assert json.loads(result_text(now))["timezone"] == "Europe/Paris"
            refused = await client.call_tool("convert_time", CONVERT, raise_on_error=False)
            assert refused.is_error and "time zone conversions are not needed here" in result_text(refused)
    decisions = sorted((r["tool"], r["decision"]) for r in gw.audit() if r["kind"] == "tool_call")
    assert decisions == [("convert_time", "deny"), ("get_current_time", "allow")]


async def test_fastmcp_proxy_in_front_of_the_gateway_shows_allowed_tools_and_refusals(time_gateway) -> None:
    from fastmcp import Client
    from fastmcp.server import create_proxy

    gw, grant = time_gateway
    proxy = create_proxy(transport(gw, grant), name="in-front-of-gatehouse")
    with anyio.fail_after(60):
        async with Client(proxy) as client:
            assert [t.name for t in await client.list_tools()] == ["get_current_time"]
            now = await client.call_tool("get_current_time", {"timezone": "UTC"})
            assert json.loads(result_text(now))["timezone"] == "UTC"
            # our refusal passes through the proxy as the tool result the agent reads
            limited = await client.call_tool("get_current_time", {"timezone": "UTC"}, raise_on_error=False)
            assert limited.is_error and "Gatehouse rate-limited the call" in result_text(limited)
            # a tool the policy hides is unknown to the proxy: it never learned of it
            hidden = await client.call_tool("convert_time", CONVERT, raise_on_error=False)
            assert hidden.is_error
    decisions = sorted((r["tool"], r["decision"]) for r in gw.audit() if r["kind"] == "tool_call")
    assert decisions == [("get_current_time", "allow"), ("get_current_time", "rate_limited")]
    # the proxy mirrored its front's era: it spoke 2026-07-28 to us (no session was opened)
    assert {r["session"] for r in gw.audit() if r["kind"] == "tool_call"} == {"stateless:fastmcp-agent"}
    assert not [r for r in gw.audit() if r["kind"] == "session_opened"]
