"""MCP 2026-07-28 through the gateway: the sessionless era, chosen per request.

The official `mcp` 2.3.0 client in `mode="auto"` (it must negotiate 2026-07-28 with us, not fall
back), `mode="2026-07-28"` and `mode="legacy"`, in front of a real stdio upstream from PyPI
(mcp-server-time), which speaks an older revision: the gateway initializes its pooled
connections itself. Then the transport's rules, checked with a raw HTTP peer.
"""
from __future__ import annotations

import json

import anyio
import pytest

from harness import GatewayConfig, RawMCP, b64_header_value, mcp_client, result_text

pytestmark = [pytest.mark.gateway]

MODERN = "2026-07-28"
TIME_POLICY = {"version": "1", "default": "deny", "tools": {
    "get_current_time": {"limits": [{"counter": "time_rate", "window": "minute", "max": 3, "scope": "grant"}]},
    "convert_time": {"action": "deny", "reason": "time zone conversions are not needed here"}}}


@pytest.fixture
def time_gateway(gateway, gateway_config: GatewayConfig):
    gateway_config.add_pypi_stdio("time", "mcp-server-time", ["--local-timezone", "UTC"], policy=TIME_POLICY)
    gw = gateway()
    return gw, gw.grant("clock-reader", ["time"])


def meta(**extra) -> dict:
    return {"_meta": {"io.modelcontextprotocol/protocolVersion": MODERN,
                      "io.modelcontextprotocol/clientInfo": {"name": "raw", "version": "0"},
                      "io.modelcontextprotocol/clientCapabilities": {}}, **extra}


def modern_headers(method: str, name: str | None = None, version: str = MODERN) -> dict[str, str]:
    headers = {"MCP-Protocol-Version": version, "Mcp-Method": method}
    if name is not None:
        headers["Mcp-Name"] = name
    return headers


# --------------------------------------------------------------------------- the official client
@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["auto", MODERN])
async def test_mcp_client_speaks_2026_07_28_with_policy_enforced(time_gateway, mode: str) -> None:
    gw, grant = time_gateway
    async with mcp_client(gw.url("time"), token=grant.token, mode=mode) as client:
        with anyio.fail_after(60):
            assert client.session.protocol_version == MODERN
            if mode == "auto":
                # discover answered by the gateway, with the upstream's identity merged in
                assert client.session.server_info is not None and client.session.server_info.name == "mcp-time"
                assert client.session.server_capabilities.tools is not None
            listed = await client.list_tools()
            assert [t.name for t in listed.tools] == ["get_current_time"]
            assert listed.cache_scope == "private"  # the policy filtered convert_time out
            now = json.loads(result_text(await client.call_tool("get_current_time", {"timezone": "Europe/Paris"})))
            assert now["timezone"] == "Europe/Paris"
            refused = await client.call_tool("convert_time", {"source_timezone": "UTC", "time": "12:00",
                                                               "target_timezone": "Asia/Tokyo"})
            assert refused.is_error and "time zone conversions are not needed here" in result_text(refused)
            # the grant-scoped limit (3 a minute): two more pass, the fourth is refused
            for _ in range(2):
                assert not (await client.call_tool("get_current_time", {"timezone": "UTC"})).is_error
            limited = await client.call_tool("get_current_time", {"timezone": "UTC"})
            assert limited.is_error and "rate-limited" in result_text(limited)
    calls = [(r["tool"], r["decision"]) for r in gw.audit() if r["kind"] == "tool_call"]
    assert sorted(calls) == sorted([("get_current_time", "allow")] * 3 + [("convert_time", "deny"),
                                                                         ("get_current_time", "rate_limited")])
    assert any(r["kind"] == "tools_list" and r["decision"] == "filtered" for r in gw.audit())


@pytest.mark.anyio
async def test_legacy_mode_still_opens_a_session(time_gateway) -> None:
    gw, grant = time_gateway
    async with mcp_client(gw.url("time"), token=grant.token, mode="legacy") as client:
        with anyio.fail_after(60):
            assert client.session.protocol_version == "2025-11-25"
            assert [t.name for t in (await client.list_tools()).tools] == ["get_current_time"]
            assert not (await client.call_tool("get_current_time", {"timezone": "UTC"})).is_error
    assert any(r["kind"] == "session_opened" for r in gw.audit())


# --------------------------------------------------------------------------- the transport, raw
def test_discover_is_answered_by_the_gateway_without_a_session(time_gateway) -> None:
    gw, grant = time_gateway
    with RawMCP(gw.url("time"), token=grant.token, timeout=60) as raw:
        reply = raw.post({"jsonrpc": "2.0", "id": "d1", "method": "server/discover", "params": meta()},
                         headers=modern_headers("server/discover"))
        assert reply.status == 200 and reply.session_id is None
        result = reply.json()["result"]
        assert result["resultType"] == "complete"
        assert result["supportedVersions"][0] == MODERN and "2025-11-25" in result["supportedVersions"]
        assert "tools" in result["capabilities"]
        assert result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "mcp-time"
        assert isinstance(result["ttlMs"], int) and result["cacheScope"] == "public"


def test_results_are_stamped_and_lists_carry_cache_hints(time_gateway) -> None:
    gw, grant = time_gateway
    with RawMCP(gw.url("time"), token=grant.token, timeout=60) as raw:
        listed = raw.post({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": meta()},
                          headers=modern_headers("tools/list"))
        assert listed.status == 200 and listed.session_id is None
        result = listed.json()["result"]
        assert result["resultType"] == "complete" and result["cacheScope"] == "private" and result["ttlMs"] >= 0
        assert [t["name"] for t in result["tools"]] == ["get_current_time"]
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                "params": meta(name="get_current_time", arguments={"timezone": "UTC"})}
        called = raw.post(call, headers=modern_headers("tools/call", "get_current_time"))
        assert called.status == 200 and called.json()["result"]["resultType"] == "complete"
        assert called.json()["id"] == 2
        denied = raw.post({**call, "id": 3, "params": meta(name="convert_time", arguments={})},
                          headers=modern_headers("tools/call", b64_header_value("convert_time")))
        assert denied.json()["result"]["resultType"] == "complete" and denied.json()["result"]["isError"] is True


def test_get_and_delete_are_405(time_gateway) -> None:
    gw, grant = time_gateway
    with RawMCP(gw.url("time"), token=grant.token) as raw:
        for method in ("GET", "DELETE"):
            reply = raw.request_raw(method, headers={"MCP-Protocol-Version": MODERN}, accept="text/event-stream")
            assert reply.status == 405 and reply.headers["allow"] == "POST", (method, reply)


def test_header_rules_give_their_errors_and_are_audited(time_gateway) -> None:
    gw, grant = time_gateway
    call = {"jsonrpc": "2.0", "id": 9, "method": "tools/call",
            "params": meta(name="get_current_time", arguments={"timezone": "UTC"})}
    with RawMCP(gw.url("time"), token=grant.token) as raw:
        cases = {
            "missing Mcp-Method": ({"MCP-Protocol-Version": MODERN}, 400, -32020),
            "Mcp-Method mismatch": (modern_headers("tools/list"), 400, -32020),
            "missing Mcp-Name": (modern_headers("tools/call"), 400, -32020),
            "Mcp-Name mismatch": (modern_headers("tools/call", "convert_time"), 400, -32020),
            "base64 Mcp-Name mismatch": (modern_headers("tools/call", b64_header_value("convert_time")), 400, -32020),
            "bad base64": (modern_headers("tools/call", "=?base64?%%%?="), 400, -32020),
        }
        for label, (headers, status, code) in cases.items():
            reply = raw.post(call, headers=headers)
            assert reply.status == status and reply.json()["error"]["code"] == code, (label, reply)
            assert reply.json()["id"] == 9
        # the body's _meta must name the header's revision
        other = {**call, "params": {**call["params"], "_meta": {"io.modelcontextprotocol/protocolVersion": "2025-11-25"}}}
        reply = raw.post(other, headers=modern_headers("tools/call", "get_current_time"))
        assert reply.status == 400 and reply.json()["error"]["code"] == -32020
        # a revision nobody speaks: -32022 with what the gateway does speak
        reply = raw.post(call, headers=modern_headers("tools/call", "get_current_time", version="2099-01-01"))
        assert reply.status == 400 and reply.json()["error"]["code"] == -32022
        assert MODERN in reply.json()["error"]["data"]["supported"]
        # every request declares its client capabilities: -32602 without them
        bare = {**call, "params": {**call["params"], "_meta": {"io.modelcontextprotocol/protocolVersion": MODERN}}}
        reply = raw.post(bare, headers=modern_headers("tools/call", "get_current_time"))
        assert reply.status == 400 and reply.json()["error"]["code"] == -32602
        # an unknown method: 404 with -32601
        reply = raw.post({"jsonrpc": "2.0", "id": 10, "method": "nope/nothing", "params": meta()},
                         headers=modern_headers("nope/nothing"))
        assert reply.status == 404 and reply.json()["error"]["code"] == -32601
    refused = [r for r in gw.audit() if r["kind"] == "message_refused"]
    problems = sorted(r["detail"]["problem"] for r in refused)
    assert problems == ["header_mismatch"] * 7 + ["incomplete_meta", "unsupported_version"], refused
    assert all(r["grant"] == "clock-reader" and r["server"] == "time" for r in refused)
    assert not [r for r in gw.audit() if r["kind"] == "tool_call"], "nothing refused reached the policy"
