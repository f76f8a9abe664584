"""Calls held for a person's approval (`"action": "require_approval"`), driven by the official
Python SDK client through `gatehouse serve`: approve and deny through /api/approvals and the
CLI, the timeout, a client that disconnects, a gateway restart, progress while held, the person
at the client asked through elicitation (`"approver": "user"`), remembered decisions and the
webhook. Every decision leaves audit rows.
"""
from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path
from typing import Any, Callable

import anyio
import httpx
import pytest

from harness import (Gateway, GatewayConfig, RawMCP, Recorder, UpstreamHTTP, mcp_session, read_call_log, result_text,
                     wait_until, wait_until_async)

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]

ADMIN_TOKEN = "e2e-admin-token-for-approvals-0123"


def policy(**rule: Any) -> dict[str, Any]:
    return {"version": "1", "default": "deny", "tools": {"echo": {"action": "require_approval", **rule}, "slow_progress": {}}}


def start(gateway: Callable[..., Gateway], config: GatewayConfig, call_log: Path, *, timeout: int | None = None,
          webhook: str | None = None, upstream: UpstreamHTTP | None = None, **rule: Any) -> Gateway:
    """A gateway whose `rich` server (stdio, or `upstream` over HTTP) holds `echo` for approval."""
    config.add_rich("rich", upstream, call_log=call_log, policy=policy(**rule))
    config.extra["adminToken"] = ADMIN_TOKEN
    approvals: dict[str, Any] = {}
    if timeout is not None:
        approvals["timeoutSeconds"] = timeout
    if webhook is not None:
        approvals["webhook"] = webhook
    if approvals:
        config.extra["approvals"] = approvals
    return gateway()


def api(gw: Gateway, method: str, path: str, body: Any = None, token: str | None = ADMIN_TOKEN) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.request(method, gw.base_url + path, json=body, headers=headers, timeout=10)


async def pending(gw: Gateway, count: int = 1, timeout: float = 15) -> list[dict[str, Any]]:
    """Polls GET /api/approvals until `count` requests wait (0: until none does)."""
    items: list[dict[str, Any]] = []
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=10) as http:
        async def waiting() -> bool:
            reply = await http.get(gw.base_url + "/api/approvals")
            assert reply.status_code == 200, reply.text
            items[:] = reply.json()
            return len(items) == count

        await wait_until_async(waiting, what=lambda: f"expected {count} pending approval(s), have {items}", timeout=timeout)
        return items


async def decide(gw: Gateway, approval_id: str, decision: str, note: str = "") -> httpx.Response:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=10) as http:
        return await http.post(f"{gw.base_url}/api/approvals/{approval_id}", json={"decision": decision, "note": note})


async def held_call(session: Any, outcome: dict[str, Any], tool: str = "echo", arguments: dict[str, Any] | None = None,
                    **kwargs: Any) -> None:
    outcome["result"] = await session.call_tool(tool, arguments or {"text": "held"}, **kwargs)


def hold_raw(raw: RawMCP, request_id: int, timeout: float = 1.2) -> None:
    """Initializes a raw session and posts a held call, reading its stream for `timeout` s."""
    raw.initialize()
    reply = raw.post({"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
                      "params": {"name": "echo", "arguments": {"text": f"held {request_id}"}}}, timeout=timeout)
    assert reply.timed_out or reply.is_sse


def wait_until_the_queue_is_empty(gw: Gateway) -> None:
    wait_until(lambda: not api(gw, "GET", "/api/approvals").json(), what="the request stayed in the queue", interval=0.1)


async def decided_call(gw: Gateway, token: str, decision: str | None, note: str = "", *, list_first: bool = False,
                       recorder: Recorder | None = None, while_held: Callable[[dict[str, Any]], Any] | None = None,
                       arguments: dict[str, Any] | None = None, **call_kwargs: Any) -> tuple[Any, dict[str, Any]]:
    """Calls `echo` in a fresh session, waits until it is held, runs `while_held(item)`, then
    decides it through the API (unless `decision` is None); returns the agent's result and the item."""
    outcome: dict[str, Any] = {}
    async with mcp_session(gw.url("rich"), token=token, recorder=recorder, read_timeout=60) as session:
        with anyio.fail_after(45):
            if list_first:
                await session.list_tools()  # the listing is pinned and classified: requests show the risk
                await anyio.sleep(0.3)  # no event: the risk levels are classified off the listing path, unseen from outside
            async with anyio.create_task_group() as group:
                group.start_soon(lambda: held_call(session, outcome, "echo", arguments, **call_kwargs))
                [item] = await pending(gw)
                if while_held is not None:
                    await while_held(item)
                if decision is not None:
                    reply = await decide(gw, item["id"], decision, note)
                    assert reply.status_code == 200 and reply.json()["status"] in ("approved", "denied"), reply.text
    return outcome["result"], item


def kinds(gw: Gateway, kind: str) -> list[dict[str, Any]]:
    return [row for row in gw.audit() if row["kind"] == kind]


async def test_an_approved_call_is_forwarded_and_the_agent_gets_the_real_result(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("agent", ["rich"])

    async def nothing_forwarded_yet(item: dict[str, Any]) -> None:
        assert read_call_log(call_log) == []

    result, item = await decided_call(gw, grant.token, "approve", "fine", list_first=True, while_held=nothing_forwarded_yet,
                                      arguments={"text": "hello approvals"})
    assert item["server"] == "rich" and item["tool"] == "echo" and item["grant"] == "agent"
    assert item["arguments"] == {"text": "hello approvals"} and item["rule"] == "/tools/echo"
    assert item["session"] and item["requestedAt"] and item["expiresAt"] and "approval" in item["reason"]
    assert item["risk"] in ("low", "medium", "high", "critical")
    assert not result.is_error and result_text(result) == "hello approvals"
    assert [entry["tool"] for entry in read_call_log(call_log)] == ["echo"]
    assert (await decide(gw, item["id"], "deny")).status_code == 409
    assert (await decide(gw, "no-such-id", "approve")).status_code == 404
    assert api(gw, "GET", "/api/approvals", token=None).status_code == 401
    requested = kinds(gw, "approval_requested")
    decided = kinds(gw, "approval_decided")
    assert requested[0]["tool"] == "echo" and requested[0]["detail"]["approval"] == item["id"]
    assert decided[0]["decision"] == "approved" and decided[0]["detail"]["decidedBy"] == "admin" and decided[0]["reason"] == "fine"
    call = next(row for row in kinds(gw, "tool_call") if row["tool"] == "echo")
    assert call["decision"] == "require_approval" and call["outcome"] == "ok" and call["detail"]["approvedBy"] == "admin"


async def test_a_denied_call_gets_the_note_and_never_reaches_the_upstream(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("agent", ["rich"])
    result, _ = await decided_call(gw, grant.token, "deny", "not during the freeze")
    assert result.is_error
    assert "denied by admin: not during the freeze" in result_text(result)
    assert result.meta["dev.gatehouse/refusal"]["decision"] == "require_approval"
    assert read_call_log(call_log) == []
    assert kinds(gw, "approval_decided")[0]["decision"] == "denied"


async def test_a_call_nobody_decides_on_times_out(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log, timeout=1)
    grant = gw.grant("agent", ["rich"])
    async with mcp_session(gw.url("rich"), token=grant.token) as session:
        with anyio.fail_after(30):
            result = await session.call_tool("echo", {"text": "too late"})
    assert result.is_error and "approval timed out" in result_text(result)
    assert read_call_log(call_log) == []
    assert kinds(gw, "approval_decided")[0]["decision"] == "timed_out"
    assert gw.cli_json("approvals", "list", "--recent", "5", "--data", str(gw.data_dir), "--json")[0]["status"] == "timed_out"


def test_a_client_that_disconnects_withdraws_its_request(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("agent", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        hold_raw(raw, 7, timeout=1.6)  # the reply is a stream of keep-alives: hang up while it waits
        wait_until_the_queue_is_empty(gw)  # noticed at the next keep-alive
    assert kinds(gw, "approval_decided")[0]["decision"] == "withdrawn"
    assert read_call_log(call_log) == []


def test_a_cancelled_call_withdraws_its_request(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("agent", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        hold_raw(raw, 8)
        raw.post({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 8, "reason": "changed my mind"}})
        wait_until_the_queue_is_empty(gw)
    decided = kinds(gw, "approval_decided")[0]
    assert decided["decision"] == "withdrawn" and "cancelled" in decided["reason"]


def test_a_request_pending_at_a_crash_is_interrupted_after_the_restart(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("agent", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        hold_raw(raw, 9)
        [item] = api(gw, "GET", "/api/approvals").json()
        gw.proc.kill()  # a crash: nothing is closed on the way out
        gw.proc.wait(timeout=10)
    gw.stop(check_leaks=False)
    rows = gw.cli_json("approvals", "list", "--data", str(gw.data_dir), "--json")
    assert [row["id"] for row in rows] == [item["id"]]  # the row survived the crash
    gw.start()
    assert api(gw, "GET", "/api/approvals").json() == []
    [row] = gw.cli_json("approvals", "list", "--recent", "1", "--data", str(gw.data_dir), "--json")
    assert row["id"] == item["id"] and row["status"] == "interrupted"
    decided = kinds(gw, "approval_decided")[0]
    assert decided["decision"] == "interrupted" and decided["detail"]["approval"] == item["id"]


def test_a_request_pending_at_shutdown_is_recorded_as_interrupted(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("agent", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        hold_raw(raw, 10)
        assert len(api(gw, "GET", "/api/approvals").json()) == 1
        gw.stop()  # SIGTERM
    gw.start()
    assert api(gw, "GET", "/api/approvals").json() == []
    [row] = gw.cli_json("approvals", "list", "--recent", "1", "--data", str(gw.data_dir), "--json")
    assert row["status"] == "interrupted"
    assert kinds(gw, "approval_decided")[0]["decision"] == "interrupted"


async def test_a_held_call_sends_progress_to_a_client_that_asked_for_it(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("agent", ["rich"])
    recorder = Recorder()

    async def two_progress_notifications(item: dict[str, Any]) -> None:
        async def two() -> bool:
            return len(recorder.progress) >= 2

        await wait_until_async(two, what="fewer than two progress notifications", interval=0.1)

    result, _ = await decided_call(gw, grant.token, "approve", recorder=recorder, while_held=two_progress_notifications,
                                   progress_callback=recorder.progress_callback())
    assert not result.is_error
    assert [p[0] for p in recorder.progress[:2]] == [1, 2]
    assert "approve" in (recorder.progress[0][2] or "")


async def test_the_cli_approves_a_held_call(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("agent", ["rich"])

    async def approve_in_the_terminal(item: dict[str, Any]) -> None:
        listed = gw.cli_json("approvals", "list", "--data", str(gw.data_dir), "--json")
        assert listed[0]["id"] == item["id"] and listed[0]["arguments"] == {"text": "via the cli"}
        text = gw.cli("approvals", "list", "--data", str(gw.data_dir)).stdout
        assert item["id"] in text and "echo" in text
        approved = await anyio.to_thread.run_sync(lambda: gw.cli_json(
            "approvals", "approve", item["id"], "--note", "from the terminal", "--by", "ops", "--data", str(gw.data_dir), "--json"))
        assert approved["status"] == "approved" and approved["decidedBy"] == "ops"

    result, item = await decided_call(gw, grant.token, None, while_held=approve_in_the_terminal, arguments={"text": "via the cli"})
    assert result_text(result) == "via the cli"
    again = gw.cli("approvals", "deny", item["id"], "--data", str(gw.data_dir), check=False)
    assert again.returncode == 1 and "already approved" in again.stderr
    assert kinds(gw, "approval_decided")[0]["detail"]["decidedBy"] == "ops"


async def test_the_user_at_an_elicitation_capable_client_approves_or_declines(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log, approver="user")
    grant = gw.grant("agent", ["rich"])
    accepting = Recorder(elicitation_reply=("accept", {"approve": True}))
    async with mcp_session(gw.url("rich"), token=grant.token, recorder=accepting) as session:
        with anyio.fail_after(30):
            accepted = await session.call_tool("echo", {"text": "asked the user"})
    assert not accepted.is_error and result_text(accepted) == "asked the user"
    [asked] = accepting.elicitation_requests
    assert "echo" in asked.message and "asked the user" in asked.message
    declining = Recorder(elicitation_reply=("decline", None))
    async with mcp_session(gw.url("rich"), token=grant.token, recorder=declining) as session:
        with anyio.fail_after(30):
            declined = await session.call_tool("echo", {"text": "no thanks"})
    assert declined.is_error and "the user declined the call" in result_text(declined)
    assert [entry["arguments"]["text"] for entry in read_call_log(call_log)] == ["asked the user"]
    assert [row["decision"] for row in kinds(gw, "approval_decided")] == ["denied", "approved"]
    assert api(gw, "GET", "/api/approvals").json() == []


async def test_a_user_approval_falls_back_to_the_queue_without_elicitation(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log, approver="user")
    grant = gw.grant("agent", ["rich"])
    recorder = Recorder(elicitation=False)
    result, _ = await decided_call(gw, grant.token, "approve", recorder=recorder)
    assert not result.is_error and recorder.elicitation_requests == []


async def test_a_remembered_approval_lets_the_sessions_later_calls_through(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gw = start(gateway, gateway_config, call_log, remember={"scope": "session"})
    grant = gw.grant("agent", ["rich"])
    outcome: dict[str, Any] = {}
    async with mcp_session(gw.url("rich"), token=grant.token, read_timeout=60) as session:
        with anyio.fail_after(45):
            async with anyio.create_task_group() as group:
                group.start_soon(held_call, session, outcome)
                [item] = await pending(gw)
                await decide(gw, item["id"], "approve")
            again = await session.call_tool("echo", {"text": "remembered"})
    assert result_text(again) == "remembered"
    async with mcp_session(gw.url("rich"), token=grant.token, read_timeout=60) as other:
        with anyio.fail_after(45):
            async with anyio.create_task_group() as group:
                group.start_soon(held_call, other, outcome)
                [fresh] = await pending(gw)  # another session is asked again
                await decide(gw, fresh["id"], "deny")
    assert len(kinds(gw, "approval_requested")) == 2


async def test_the_webhook_receives_each_pending_call(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    received: list[dict[str, Any]] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    try:
        gw = start(gateway, gateway_config, call_log, timeout=2, webhook=f"http://127.0.0.1:{hook.server_address[1]}/hook")
        grant = gw.grant("agent", ["rich"])
        async with mcp_session(gw.url("rich"), token=grant.token) as session:
            with anyio.fail_after(30):
                await session.call_tool("echo", {"text": "tell the team"})
    finally:
        hook.shutdown()
    [event] = received
    assert event["event"] == "approval_requested"
    assert event["approval"]["tool"] == "echo" and event["approval"]["arguments"] == {"text": "tell the team"}
