"""A 2026-07-28 HTTP upstream, used statelessly by the gateway's pool.

The upstream is the SDK's own `MCPServer` (mcp 2.3.0, tests/e2e/fixtures/rich_server.py) over
Streamable HTTP, run by the test. It answers `server/discover` at 2026-07-28, so the gateway
sends it no `initialize`: every request carries `_meta` and the `Mcp-Method` / `Mcp-Name` /
`MCP-Protocol-Version` headers a client must send. Its `request_headers` tool shows what it
received. The official `mcp` client in auto, 2026-07-28 and legacy modes, through the gateway:
list filtering, allow, deny with a reason, a limit; and the agent's trace context passes through.
"""
from __future__ import annotations

import json

import anyio
import pytest

from harness import GatewayConfig, RawMCP, b64_header_value, mcp_client, read_call_log, result_text

pytestmark = [pytest.mark.gateway]

MODERN = "2026-07-28"
TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
POLICY = {"version": "1", "default": "deny", "tools": {
    "request_headers": {"limits": [{"counter": "headers_rate", "window": "minute", "max": 3, "scope": "grant"}]},
    "echo": {}, "regional_headers": {},
    "fail": {"action": "deny", "reason": "failures are not wanted here"}}}


@pytest.fixture
def rich_gateway(gateway, gateway_config: GatewayConfig, rich_http):
    gateway_config.add_rich("rich", rich_http(), policy=POLICY)
    gw = gateway()
    return gw, gw.grant("header-reader", ["rich"])


def received_headers(result) -> dict[str, str]:
    return json.loads(result_text(result))


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["auto", MODERN])
async def test_a_2026_upstream_is_used_without_sessions(rich_gateway, mode: str) -> None:
    gw, grant = rich_gateway
    async with mcp_client(gw.url("rich"), token=grant.token, mode=mode, headers={"traceparent": TRACEPARENT,
                                                                                 "baggage": "tenant=t1"}) as client:
        with anyio.fail_after(60):
            assert client.session.protocol_version == MODERN
            if mode == "auto":
                # discover answered by the gateway with the upstream's own identity, from its server/discover
                assert client.session.server_info.name == "gatehouse-rich-upstream"
            listed = await client.list_tools()
            assert sorted(t.name for t in listed.tools) == ["echo", "regional_headers", "request_headers"]  # denied tools are hidden
            assert listed.cache_scope == "private"
            assert result_text(await client.call_tool("echo", {"text": "hi"})) == "hi"
            seen = received_headers(await client.call_tool("request_headers", {}))
            assert seen["mcp-protocol-version"] == MODERN
            assert seen["mcp-method"] == "tools/call" and seen["mcp-name"] == "request_headers"
            assert "mcp-session-id" not in seen
            assert seen["traceparent"] == TRACEPARENT and seen["baggage"] == "tenant=t1"
            assert "authorization" not in seen  # the agent's grant token stays with the gateway
            refused = await client.call_tool("fail", {"message": "boom"})
            assert refused.is_error and "failures are not wanted here" in result_text(refused)
            for _ in range(2):
                assert not (await client.call_tool("request_headers", {})).is_error
            limited = await client.call_tool("request_headers", {})
            assert limited.is_error and "rate-limited" in result_text(limited)
    calls = sorted((r["tool"], r["decision"]) for r in gw.audit() if r["kind"] == "tool_call")
    assert calls == sorted([("echo", "allow"), ("fail", "deny")] + [("request_headers", "allow")] * 3
                           + [("request_headers", "rate_limited")])
    log = gw.log_text()
    assert "is used without a session" in log
    assert not any(r["kind"] == "session_opened" for r in gw.audit())


@pytest.mark.anyio
async def test_a_legacy_client_still_gets_a_session_to_the_same_upstream(rich_gateway) -> None:
    gw, grant = rich_gateway
    async with mcp_client(gw.url("rich"), token=grant.token, mode="legacy",
                          headers={"traceparent": TRACEPARENT}) as client:
        with anyio.fail_after(60):
            assert client.session.protocol_version == "2025-11-25"
            listed = await client.list_tools()
            assert sorted(t.name for t in listed.tools) == ["echo", "regional_headers", "request_headers"]  # denied tools are hidden
            assert result_text(await client.call_tool("echo", {"text": "hi"})) == "hi"
            seen = received_headers(await client.call_tool("request_headers", {}))
            assert "mcp-session-id" in seen  # the session path initializes the upstream as before
            assert seen["traceparent"] == TRACEPARENT  # the agent's trace context passes on sessions too
            refused = await client.call_tool("fail", {"message": "boom"})
            assert refused.is_error and "failures are not wanted here" in result_text(refused)
            assert not (await client.call_tool("request_headers", {})).is_error
            limited = await client.call_tool("request_headers", {})
            assert not limited.is_error
            limited = await client.call_tool("request_headers", {})
            assert limited.is_error and "rate-limited" in result_text(limited)
    assert any(r["kind"] == "session_opened" for r in gw.audit())


# --------------------------------------------------------------------------- upstreamScope
@pytest.mark.anyio
@pytest.mark.parametrize("scope,processes", [("shared", 1), ("grant", 2)])
async def test_two_grants_share_an_upstream_process_only_under_the_shared_scope(
        gateway, gateway_config: GatewayConfig, tmp_path, scope: str, processes: int) -> None:
    call_log = tmp_path / "calls.jsonl"
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY, upstreamScope=scope)
    gw = gateway()
    for grant in (gw.grant("alice", ["rich"]), gw.grant("bob", ["rich"])):
        async with mcp_client(gw.url("rich"), token=grant.token, mode=MODERN) as client:
            with anyio.fail_after(60):
                for _ in range(2):
                    assert result_text(await client.call_tool("echo", {"text": grant.name})) == grant.name
    calls = read_call_log(call_log)
    assert len(calls) == 4
    assert len({c["pid"] for c in calls}) == processes
    if processes == 2:  # each grant's calls went to its own process
        assert all(len({c["pid"] for c in calls if c["arguments"]["text"] == g}) == 1 for g in ("alice", "bob"))


@pytest.mark.anyio
async def test_mcp_param_headers_are_checked_and_mirrored_upstream(rich_gateway) -> None:
    """`x-mcp-header`: the client mirrors `region` into `Mcp-Param-Region`; the gateway checks it
    against the body and sends its own to the upstream (whose SDK checks it again); a header that
    says something else than the body is refused with -32020 and audited."""
    gw, grant = rich_gateway
    async with mcp_client(gw.url("rich"), token=grant.token, mode=MODERN) as client:
        with anyio.fail_after(60):
            await client.list_tools()  # the client and the gateway learn the annotation here
            seen = received_headers(await client.call_tool("regional_headers", {"region": "Hello, 世界"}))
            assert seen["mcp-param-region"] == b64_header_value("Hello, 世界")
    call = {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {
        "name": "regional_headers", "arguments": {"region": "us-west1"},
        "_meta": {"io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {}}}}
    base = {"MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/call", "Mcp-Name": "regional_headers"}
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        for headers in ({**base, "Mcp-Param-Region": "eu-west1"}, base):
            reply = raw.post(call, headers=headers)
            assert reply.status == 400 and reply.json()["error"]["code"] == -32020, reply
        reply = raw.post(call, headers={**base, "Mcp-Param-Region": "us-west1"})
        assert reply.status == 200 and json.loads(result_text(reply.json()["result"]))["mcp-param-region"] == "us-west1"
    refused = [r for r in gw.audit() if r["kind"] == "message_refused"]
    assert [r["detail"]["problem"] for r in refused] == ["header_mismatch"] * 2
    assert "Mcp-Param-Region" in refused[0]["reason"]


def test_a_call_before_any_listing_still_carries_its_mcp_param_headers(rich_gateway) -> None:
    """An agent that kept its tool list (from before a restart, or from another replica) calls at
    once: the gateway lists the upstream's tools itself first, so its call carries the header the
    upstream requires."""
    gw, grant = rich_gateway
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "name": "regional_headers", "arguments": {"region": "ap-south1"},
        "_meta": {"io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {}}}}
    headers = {"MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/call", "Mcp-Name": "regional_headers",
               "Mcp-Param-Region": "ap-south1"}
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        reply = raw.post(call, headers=headers)
    assert reply.status == 200, reply
    assert json.loads(result_text(reply.json()["result"]))["mcp-param-region"] == "ap-south1"


def test_unrecognised_mcp_param_headers_are_forwarded_with_that_request_only(rich_gateway) -> None:
    """An intermediary forwards the `Mcp-Param-*` headers it does not recognise and otherwise
    ignores them: the tool's own (`Region`) is checked and sent by the gateway, the others reach
    the 2026-07-28 upstream as the agent sent them, on that request and no other. More than the
    gateway carries is a 400 (-32600) naming the cap, audited."""
    gw, grant = rich_gateway
    meta = {"io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {}}
    regional = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "name": "regional_headers", "arguments": {"region": "us-west1"}, "_meta": meta}}
    plain = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "request_headers", "arguments": {}, "_meta": meta}}
    base = {"MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/call", "Mcp-Name": "regional_headers",
            "Mcp-Param-Region": "us-west1"}
    note = b64_header_value("über")
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        reply = raw.post(regional, headers={**base, "Mcp-Param-Tenant-Id": "t-7", "Mcp-Param-Note": note})
        assert reply.status == 200, reply
        seen = json.loads(result_text(reply.json()["result"]))
        assert seen["mcp-param-region"] == "us-west1"
        assert seen["mcp-param-tenant-id"] == "t-7" and seen["mcp-param-note"] == note
        reply = raw.post(plain, headers={**base, "Mcp-Name": "request_headers", "Mcp-Param-Region": "eu-west1"})
        assert reply.status == 200, reply  # request_headers annotates nothing: Region is not recognised there
        seen = json.loads(result_text(reply.json()["result"]))
        assert seen["mcp-param-region"] == "eu-west1" and "mcp-param-tenant-id" not in seen
        reply = raw.post(plain, headers={**base, "Mcp-Name": "request_headers"} | {"Mcp-Param-Region": ""} | {
            f"Mcp-Param-P{i}": "v" for i in range(40)})
        assert reply.status == 400 and reply.json()["error"]["code"] == -32600, reply
        assert "at most 32" in reply.json()["error"]["message"]
    refused = [r for r in gw.audit() if r["kind"] == "message_refused"]
    assert [r["detail"]["problem"] for r in refused] == ["unforwardable_header"]
