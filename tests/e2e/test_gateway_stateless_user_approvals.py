"""User approvals at 2026-07-28 through MRTR (`"approver": "user"`): the gateway answers the
agent's call with `input_required` — an `elicitation/create` asking "allow this call?" and a
`requestState` the gateway signed — and the official `mcp` 2.3.0 client answers it through its
elicitation callback and retries — against a stdio upstream and a 2026-07-28 HTTP upstream
(rich_server's MCPServer over Streamable HTTP); accepted, the call reaches the upstream; declined, it is
refused with the reason. A tampered or expired `requestState` (a raw HTTP peer) gets -32602
and an audited `message_refused`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness import GatewayConfig, RawMCP, UpstreamHTTP, mcp_client, read_call_log, result_text
from test_gateway_approvals import kinds, start

pytestmark = [pytest.mark.gateway]

MODERN = "2026-07-28"
HEADERS = {"MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/call", "Mcp-Name": "echo"}


def answering(action: str, seen: list[Any]):
    async def elicitation(context: Any, params: Any) -> Any:
        import mcp_types as types

        seen.append(params)
        return types.ElicitResult(action=action, content={"approve": True} if action == "accept" else None)

    return elicitation


@pytest.mark.anyio
@pytest.mark.parametrize("rich_upstream, mode, action", [
    ("stdio", MODERN, "accept"), ("stdio", MODERN, "decline"), ("stdio", "auto", "accept"), ("stdio", "auto", "decline"),
    ("http", MODERN, "accept"), ("http", "auto", "decline")], indirect=["rich_upstream"])
async def test_the_client_answers_the_gateways_question(gateway, gateway_config: GatewayConfig, call_log: Path,
                                                       rich_upstream: UpstreamHTTP | None, mode: str, action: str) -> None:
    gw = start(gateway, gateway_config, call_log, upstream=rich_upstream, approver="user")
    grant = gw.grant("asking-agent", ["rich"])
    seen: list[Any] = []
    async with mcp_client(gw.url("rich"), token=grant.token, mode=mode, elicitation_callback=answering(action, seen)) as client:
        result = await client.call_tool("echo", {"text": "asked, stateless"})
    assert len(seen) == 1 and "echo" in seen[0].message
    calls = [r for r in kinds(gw, "tool_call") if r["tool"] == "echo"]
    if action == "accept":
        assert not result.is_error and result_text(result) == "asked, stateless"
        assert [e["tool"] for e in read_call_log(call_log)] == ["echo"]
        assert calls[0]["decision"] == "require_approval" and calls[0]["detail"]["approvedBy"] == "user"
        assert calls[0]["outcome"] == "ok"
    else:
        assert result.is_error and "declined" in result_text(result)
        assert read_call_log(call_log) == []
        assert "declined" in calls[0]["reason"]
    decided = kinds(gw, "approval_decided")
    assert [d["detail"]["decidedBy"] for d in decided] == ["user"], decided


def ask(raw: RawMCP, request_id: int, **extra: Any) -> Any:
    params = {"name": "echo", "arguments": {"text": "raw"}, **extra,
              "_meta": {"io.modelcontextprotocol/protocolVersion": MODERN,
                        "io.modelcontextprotocol/clientInfo": {"name": "raw", "version": "0"},
                        "io.modelcontextprotocol/clientCapabilities": {"elicitation": {}}}}
    return raw.post({"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": params}, headers=HEADERS)


def retry(raw: RawMCP, request_id: int, state: str) -> Any:
    return ask(raw, request_id, requestState=state,
               inputResponses={"gatehouse_approval": {"action": "accept", "content": {"approve": True}}})


def tampered(state: str) -> str:
    """The state with one character of its signature changed: the one before the last, since the
    last character of a 32-byte signature also carries two unused bits."""
    return state[:-2] + ("A" if state[-2] != "A" else "B") + state[-1]


@pytest.mark.parametrize("answer_seconds, spoil, problem", [
    (None, tampered, "request_state_signature"),
    # A window of a millisecond: the retry always comes after it closed.
    (0.001, lambda state: state, "request_state_expired"),
], ids=["tampered", "expired"])
def test_a_bad_request_state_is_refused_and_audited(gateway, gateway_config: GatewayConfig, call_log: Path,
                                                    answer_seconds, spoil, problem: str) -> None:
    if answer_seconds is not None:
        gateway_config.extra["approvals"] = {"answerSeconds": answer_seconds}
    gw = start(gateway, gateway_config, call_log, approver="user")
    grant = gw.grant("raw-agent", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        first = ask(raw, 1)
        assert first.status == 200, first
        result = first.json()["result"]
        assert result["resultType"] == "input_required"
        assert result["inputRequests"]["gatehouse_approval"]["method"] == "elicitation/create"
        reply = retry(raw, 2, spoil(result["requestState"]))
        assert reply.json()["error"]["code"] == -32602, reply
        assert reply.json()["error"]["data"]["problem"] == problem
    assert read_call_log(call_log) == [], "nothing reached the upstream"
    refused = [r for r in kinds(gw, "message_refused") if r["detail"]["problem"] == problem]
    assert len(refused) == 1 and refused[0]["grant"] == "raw-agent" and refused[0]["server"] == "rich", refused
