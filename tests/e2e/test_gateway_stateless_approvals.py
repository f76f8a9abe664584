"""Calls held for approval, asked by a 2026-07-28 agent (the official `mcp` client in
`mode="2026-07-28"`), against a stdio upstream and a 2026-07-28 HTTP upstream (rich_server's
MCPServer over Streamable HTTP): the POST waits while a person decides through /api/approvals, then gets
the real result or the refusal. An `approver: user` rule falls back to the queue for a client
that declares no elicitation capability (one that does is asked through `input_required`:
test_gateway_stateless_user_approvals.py).
"""
from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from harness import GatewayConfig, UpstreamHTTP, mcp_client, read_call_log, result_text
from test_gateway_approvals import decide, kinds, pending, start

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]


async def held(gw, token: str, decision: str, note: str = "", **rule) -> tuple:
    outcome: dict = {}
    async with mcp_client(gw.url("rich"), token=token, mode="2026-07-28", read_timeout=60) as client:
        with anyio.fail_after(45):
            async def call() -> None:
                outcome["result"] = await client.call_tool("echo", {"text": "held, stateless"})
            async with anyio.create_task_group() as group:
                group.start_soon(call)
                [item] = await pending(gw)
                reply = await decide(gw, item["id"], decision, note)
                assert reply.status_code == 200, reply.text
    return outcome["result"], item


@pytest.mark.parametrize("rich_upstream, approver", [("stdio", "admin"), ("stdio", "user"), ("http", "admin")],
                         indirect=["rich_upstream"])
async def test_a_held_call_is_approved_through_the_api(gateway, gateway_config: GatewayConfig, call_log: Path,
                                                        rich_upstream: UpstreamHTTP | None, approver: str) -> None:
    gw = start(gateway, gateway_config, call_log, upstream=rich_upstream, approver=approver)
    grant = gw.grant("held-agent", ["rich"])
    result, item = await held(gw, grant.token, "approve", "fine")
    assert not result.is_error and result_text(result) == "held, stateless"
    assert item["session"] == "stateless:held-agent"
    assert [e["tool"] for e in read_call_log(call_log)] == ["echo"]
    [call] = [r for r in kinds(gw, "tool_call") if r["tool"] == "echo"]
    assert call["decision"] == "require_approval" and call["outcome"] == "ok" and call["detail"]["approvedBy"] == "admin"


async def test_a_denied_held_call_gets_the_note_and_never_reaches_the_upstream(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("held-agent", ["rich"])
    result, _ = await held(gw, grant.token, "deny", "not today")
    assert result.is_error and "not today" in result_text(result)
    assert read_call_log(call_log) == []


def test_a_held_call_whose_client_disconnects_is_withdrawn(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    """The POST of a held 2026-07-28 call is the only link to its agent: when the agent hangs up,
    the request leaves the approval queue (`withdrawn`) and nothing is forwarded."""
    import httpx

    from test_gateway_approvals import wait_until_the_queue_is_empty
    from test_gateway_stateless_user_approvals import HEADERS

    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("held-agent", ["rich"])
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "echo", "arguments": {"text": "abandoned"},
                       "_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
                                 "io.modelcontextprotocol/clientInfo": {"name": "raw", "version": "0"},
                                 "io.modelcontextprotocol/clientCapabilities": {}}}}
    headers = {**HEADERS, "Authorization": f"Bearer {grant.token}", "Accept": "application/json, text/event-stream"}
    with httpx.Client() as http:
        with http.stream("POST", gw.url("rich"), json=body, headers=headers, timeout=30) as reply:
            # held: the answer is a stream of keep-alives, and the request waits in the queue
            assert reply.headers["content-type"].startswith("text/event-stream")
            anyio.run(pending, gw)
        # leaving the blocks closes the connection with the answer unread; the gateway notices
        # at its next keep-alive
    wait_until_the_queue_is_empty(gw)
    decided = kinds(gw, "approval_decided")
    assert [d["decision"] for d in decided] == ["withdrawn"], decided
    assert read_call_log(call_log) == []
