"""Streamable HTTP at the edge of the gateway: authentication, Origin, sessions, bad input and the
2026-07-28 probe, checked with a raw HTTP peer (and the SDK where it matters). Every answer must
be a precise status with a JSON-RPC error body -- never a crash, never a hang.
"""
from __future__ import annotations

import json
from pathlib import Path

import anyio
import httpx
import pytest

from harness import (PROTOCOL_VERSION, GatewayConfig, RawMCP, mcp_client, mcp_session, pid_alive, read_call_log,
                     result_text, wait_until)

pytestmark = [pytest.mark.gateway]

POLICY = {"version": "1", "default": "deny", "tools": {"echo": {}, "sleep": {}, "slow_progress": {}}}
INIT_PARAMS = {"protocolVersion": PROTOCOL_VERSION, "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}


@pytest.fixture
def rich_gateway(gateway, gateway_config: GatewayConfig, call_log: Path):
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gateway_config.add_rich_stdio("other", call_log=call_log, policy=POLICY)
    gw = gateway()
    return gw, gw.grant("raw-agent", ["rich"])


def error_of(reply) -> dict:
    body = reply.json()
    assert body["jsonrpc"] == "2.0" and "error" in body, body
    return body["error"]


# --------------------------------------------------------------------------- access
def test_missing_or_unknown_token_gets_401(rich_gateway, call_log: Path) -> None:
    gw, _ = rich_gateway
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": INIT_PARAMS}
    for token in (None, "gh_not-a-real-token", "garbage"):
        with RawMCP(gw.url("rich"), token=token) as raw:
            reply = raw.post(init)
            assert reply.status == 401, reply
            assert reply.headers["www-authenticate"].startswith("Bearer")
            assert "Unauthorized" in error_of(reply)["message"]
    assert read_call_log(call_log) == []


def test_grant_not_covering_the_server_gets_403_and_unknown_server_404(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("other"), token=grant.token) as raw:
        reply = raw.post({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": INIT_PARAMS})
        assert reply.status == 403 and "does not cover server 'other'" in error_of(reply)["message"]
    with RawMCP(gw.url("nope"), token=grant.token) as raw:
        assert raw.post({"jsonrpc": "2.0", "id": 1, "method": "ping"}).status == 404


def test_revoked_grant_stops_working(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        gw.cli("grant", "revoke", "raw-agent", "--data", str(gw.data_dir))
        # The revocation reaches the running gateway when its token cache entry expires.
        wait_until(lambda: raw.post({"jsonrpc": "2.0", "id": 9, "method": "ping"}).status == 401,
                   what="the revoked grant still gets in", interval=0.2)


def test_foreign_origin_gets_403_and_own_origin_passes(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        reply = raw.post({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": INIT_PARAMS},
                         headers={"Origin": "http://evil.example"})
        assert reply.status == 403 and "Origin" in error_of(reply)["message"]
        raw.initialize(headers={"Origin": f"http://127.0.0.1:{gw.port}"})
        assert raw.session_id


# --------------------------------------------------------------------------- sessions
def test_session_lifecycle_delete_ends_the_session_and_its_upstream(rich_gateway, call_log: Path) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        reply = raw.initialize()
        # JSON, or SSE with keep-alives when the upstream takes over a second to start
        assert reply.status == 200 and reply.content_type in ("application/json", "text/event-stream")
        assert reply.session_id and len(reply.session_id) >= 32
        resp = raw.call_tool("echo", {"text": "before"})
        assert result_text(resp["result"]) == "before"
        upstream_pid = read_call_log(call_log)[-1]["pid"]
        assert pid_alive(upstream_pid)

        assert raw.delete().status == 200
        wait_until(lambda: not pid_alive(upstream_pid), what="DELETE left the upstream process running")

        reply = raw.post({"jsonrpc": "2.0", "id": 5, "method": "tools/list"})
        assert reply.status == 404 and error_of(reply)["message"].startswith("Session not found")
        assert raw.delete().status == 404


def test_missing_session_id_gets_400_and_unknown_404(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        reply = raw.post({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        assert reply.status == 400 and "Missing session ID" in error_of(reply)["message"]
        reply = raw.post({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": "0" * 32})
        assert reply.status == 404
        assert raw.get(headers={"Mcp-Session-Id": "0" * 32}).status == 404


def test_a_session_belongs_to_its_grant(rich_gateway) -> None:
    gw, grant = rich_gateway
    other = gw.grant("someone-else", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as mine:
        mine.initialize()
        with RawMCP(gw.url("rich"), token=other.token) as theirs:
            reply = theirs.post({"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                                headers={"Mcp-Session-Id": mine.session_id})
            assert reply.status == 404


def test_notifications_and_responses_get_202(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        assert raw.notify("notifications/roots/list_changed").status == 202
        assert raw.post({"jsonrpc": "2.0", "id": "srv-1", "result": {}}).status == 202


def test_too_many_sessions_per_grant_gets_429(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gateway_config.extra["limits"] = {"maxSessionsPerGrant": 2}
    gw = gateway()
    grant = gw.grant("greedy", ["rich"])
    peers = [RawMCP(gw.url("rich"), token=grant.token) for _ in range(3)]
    try:
        peers[0].initialize()
        peers[1].initialize()
        reply = peers[2].post({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": INIT_PARAMS})
        assert reply.status == 429 and "open sessions" in error_of(reply)["message"]
        assert peers[0].delete().status == 200
        peers[2].initialize()  # a freed slot can be used again
    finally:
        for p in peers:
            p.close()


def test_second_get_stream_is_refused_with_409(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        with httpx.Client(timeout=5) as http:
            headers = {"Authorization": f"Bearer {grant.token}", "Accept": "text/event-stream",
                       "Mcp-Session-Id": raw.session_id, "MCP-Protocol-Version": PROTOCOL_VERSION}
            with http.stream("GET", gw.url("rich"), headers=headers) as first:
                assert first.status_code == 200
                assert first.headers["content-type"].startswith("text/event-stream")
                second = raw.get(timeout=2)
                assert second.status == 409


def test_unsupported_methods_get_405(rich_gateway) -> None:
    gw, grant = rich_gateway
    reply = httpx.put(gw.url("rich"), headers={"Authorization": f"Bearer {grant.token}"}, content=b"{}", timeout=5)
    assert reply.status_code == 405


# --------------------------------------------------------------------------- bad input
def test_malformed_json_gets_400_parse_error(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        reply = raw.post(b'{"jsonrpc": "2.0", "id": 1, "method": ')
        assert reply.status == 400 and error_of(reply)["code"] == -32700
        assert reply.json()["id"] is None


def test_json_that_is_not_jsonrpc_gets_400_invalid_request(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        for body in ({"hello": "world"}, "\"just a string\"", {"jsonrpc": "1.0", "id": 3, "method": "ping"}):
            reply = raw.post(body if isinstance(body, dict) else body.encode())
            assert reply.status == 400 and error_of(reply)["code"] == -32600, reply


def test_batch_gets_an_error_not_a_crash(rich_gateway, call_log: Path) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        batch = [{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "echo", "arguments": {"text": "a"}}},
                 {"jsonrpc": "2.0", "id": 2, "method": "ping"}]
        reply = raw.post(batch)
        assert reply.status == 400 and "batch" in error_of(reply)["message"]
        assert result_text(raw.call_tool("echo", {"text": "still alive"})["result"]) == "still alive"
    assert [e["arguments"]["text"] for e in read_call_log(call_log)] == ["still alive"]


def test_oversized_body_gets_413(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gateway_config.extra["limits"] = {"maxBodyBytes": 4096}
    gw = gateway()
    grant = gw.grant("big", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        reply = raw.post({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                          "params": {"name": "echo", "arguments": {"text": "x" * 10_000}}})
        assert reply.status == 413 and "4096" in error_of(reply)["message"]
        assert result_text(raw.call_tool("echo", {"text": "small"})["result"]) == "small"


def test_accept_without_json_or_sse_gets_406(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        reply = raw.post({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": INIT_PARAMS}, accept="text/html")
        assert reply.status == 406


def test_bad_protocol_version_header_gets_400(rich_gateway) -> None:
    gw, grant = rich_gateway
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        reply = raw.post({"jsonrpc": "2.0", "id": 4, "method": "tools/list"}, headers={"MCP-Protocol-Version": "1999-01-01"})
        assert reply.status == 400 and "Unsupported protocol version 1999-01-01" in error_of(reply)["message"]
        assert error_of(reply)["code"] == -32022
        assert error_of(reply)["data"] == {"supported": ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"],
                                           "requested": "1999-01-01"}
        for version in ("2025-06-18", "2025-03-26"):
            assert raw.post({"jsonrpc": "2.0", "id": 5, "method": "ping"},
                            headers={"MCP-Protocol-Version": version}).status == 200


# --------------------------------------------------------------------------- 2026-07-28
def test_sessionless_probe_is_answered_by_the_gateway_and_never_forwarded(rich_gateway, call_log: Path) -> None:
    gw, grant = rich_gateway
    probe = {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": "modern", "version": "1"},
        "io.modelcontextprotocol/clientCapabilities": {}}}}
    with RawMCP(gw.url("rich"), token=grant.token, timeout=30) as raw:
        reply = raw.post(probe, headers={"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "server/discover"})
        assert reply.status == 200 and reply.content_type == "application/json" and reply.session_id is None
        body = reply.json()
        assert body["id"] == 1 and body["result"]["supportedVersions"][0] == "2026-07-28"
        # inside a session, server/discover is refused by the gateway, not forwarded to the upstream
        raw.initialize()
        reply = raw.post({"jsonrpc": "2.0", "id": 2, "method": "server/discover", "params": {}})
        assert reply.status == 400 and error_of(reply)["code"] == -32022
    assert read_call_log(call_log) == []


@pytest.mark.anyio
async def test_sdk_auto_mode_negotiates_2026_07_28(rich_gateway) -> None:
    gw, grant = rich_gateway
    async with mcp_client(gw.url("rich"), token=grant.token) as client:
        with anyio.fail_after(30):
            assert client.session.protocol_version == "2026-07-28"
            assert result_text(await client.call_tool("echo", {"text": "auto"})) == "auto"


@pytest.mark.anyio
async def test_older_clients_keep_working(rich_gateway) -> None:
    gw, grant = rich_gateway
    for version in ("2025-06-18", "2025-03-26"):
        with RawMCP(gw.url("rich"), token=grant.token) as raw:
            reply = raw.initialize(protocol_version=version)
            assert raw.protocol_version == version  # the upstream agreed, through the gateway
            if version == "2025-03-26":
                raw.protocol_version = None  # 2025-03-26 clients send no version header
            assert result_text(raw.call_tool("echo", {"text": version})["result"]) == version
