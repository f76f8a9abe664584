"""Issue 12: nothing reaches an upstream unjudged. Each test attacks the gateway as a client (or an
upstream) would, in front of raw_server.py, which records every line it receives -- so "never
reached the upstream" is counted, not assumed.

  1  a request-method message without an id: refused, never forwarded, audited (HTTP, stdio, upstream)
  2  control characters in a method or tool name
  3  duplicate JSON keys, at any depth, in both directions
  4  rate limits count per grant unless a rule says "session"; `gatehouse check` warns otherwise
  5  a call keeps its units unless the upstream answered a JSON-RPC error or never got it
  13 a failed initialize hands out no Mcp-Session-Id
  15 `gatehouse stdio` and `serve` exit 1 with a reason on a token problem, never crash
  16 rows left in flight by a killed gateway become `interrupted (gateway restarted)` at its next start
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import anyio
import httpx
import pytest

from harness import (FIXTURES_DIR, PROTOCOL_VERSION, Gateway, GatewayConfig, RawMCP, StdioPeer, mcp_session,
                     result_text, wait_gone, wait_until, descendants)

sys.path.insert(0, str(FIXTURES_DIR))
from raw_server import received_messages  # noqa: E402

pytestmark = [pytest.mark.gateway]

OPEN_POLICY = {"version": "1", "default": "allow", "tools": {"free": {"action": "deny", "reason": "never free"}}}


def limited(tool: str) -> dict:
    """A policy allowing `tool` once a minute (the shorthand, so per grant) and `echo` freely."""
    return {"version": "1", "default": "deny", "tools": {"echo": {}, tool: {"rate_limit": {"max": 1, "window": "minute"}}}}


def calls_received(log: Path) -> list[dict]:
    """The tools/call messages the upstream received (whatever their shape)."""
    return [m for m in received_messages(log) if isinstance(m, dict) and m.get("method") == "tools/call"]


def refused_rows(gw: Gateway) -> list[dict]:
    return [r for r in gw.audit() if r["kind"] == "message_refused"]


def settled_calls(gw: Gateway, timeout: float = 15) -> list[dict]:
    """The tool_call rows once every forwarded call has its outcome: outcomes are written with
    the audit log's next batch (about 100 ms after the answer), so a read at once may miss them."""
    calls: list[dict] = []

    def settled() -> bool:
        calls[:] = [r for r in gw.audit() if r["kind"] == "tool_call"]
        return all(r["outcome"] for r in calls if r["decision"] == "allow")

    try:
        wait_until(settled, what="calls without an outcome", timeout=timeout, interval=0.2)
    except AssertionError:
        pass  # the caller's assertions say which outcome is missing
    return calls


@pytest.fixture
def received(tmp_path: Path) -> Path:
    return tmp_path / "received.jsonl"


@pytest.fixture
def start_raw(gateway, gateway_config: GatewayConfig, received: Path):
    """Factory: a gateway in front of raw_server.py ("raw") under `policy`, and a grant for it."""
    def start(policy: dict, grant: str, env: dict | None = None, **extra) -> tuple[Gateway, object]:
        gateway_config.add_raw_stdio("raw", received, policy=policy, env=env, **extra)
        gw = gateway()
        return gw, gw.grant(grant, ["raw"])
    return start


@pytest.fixture
def raw_gateway(start_raw):
    return start_raw(OPEN_POLICY, "attacker")


def post_bytes(raw: RawMCP, body: bytes):
    return raw.post(body, headers={"Content-Type": "application/json"})


# --------------------------------------------------------------------------- 1: requests without an id
@pytest.mark.parametrize("method,params", [
    ("tools/call", {"name": "echo", "arguments": {"text": "sneaked"}}),
    ("resources/read", {"uri": "file:///etc/passwd"}),
    ("prompts/get", {"name": "greeting"}),
    ("ping", None),
])
def test_a_request_without_an_id_is_refused_with_400_and_never_forwarded(raw_gateway, received: Path, method, params) -> None:
    gw, grant = raw_gateway
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        raw.initialize()
        before = len(received_messages(received))
        message = {"jsonrpc": "2.0", "method": method, **({"params": params} if params is not None else {})}
        reply = raw.post(message)
        assert reply.status == 400, reply
        error = reply.json()["error"]
        assert error["code"] == -32600 and "must have an \"id\"" in error["message"], error
        assert reply.json()["id"] is None
        # the session goes on, and the upstream never saw the id-less message
        assert result_text(raw.call_tool("echo", {"text": "after"})["result"]) == "after"
        after = [m for m in received_messages(received)[before:] if not m.get("method", "").startswith("notifications/")]
        assert [m.get("method") for m in after] == ["tools/call"] and after[0]["params"]["arguments"] == {"text": "after"}
    rows = refused_rows(gw)
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["decision"] == "refused" and row["grant"] == "attacker" and row["server"] == "raw"
    assert row["session"] == raw.session_id
    assert row["detail"] == {"from": "agent", "method": method, "problem": "missing_id"}


def test_initialize_without_an_id_opens_no_session(raw_gateway, received: Path) -> None:
    gw, grant = raw_gateway
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        reply = raw.post({"jsonrpc": "2.0", "method": "initialize", "params": {
            "protocolVersion": PROTOCOL_VERSION, "capabilities": {}, "clientInfo": {"name": "x", "version": "0"}}})
        assert reply.status == 400 and reply.session_id is None
        assert reply.json()["error"]["code"] == -32600
    assert received_messages(received) == []  # no upstream was even started
    assert [r["detail"]["method"] for r in refused_rows(gw)] == ["initialize"]


def test_notifications_still_pass_without_an_id(raw_gateway, received: Path) -> None:
    gw, grant = raw_gateway
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        raw.initialize()
        assert raw.notify("notifications/roots/list_changed").status == 202
        raw.call_tool("echo", {"text": "sync"})  # the notification is written before this call
    methods = [m.get("method") for m in received_messages(received)]
    assert "notifications/roots/list_changed" in methods
    assert refused_rows(gw) == []


def test_stdio_drops_a_request_without_an_id_with_a_log_line(gateway_config: GatewayConfig, received: Path,
                                                              gatehouse_binary: Path, tmp_path: Path) -> None:
    gateway_config.add_raw_stdio("raw", received, policy=OPEN_POLICY)
    gw = Gateway(gateway_config, binary=gatehouse_binary)  # for its CLI only
    config = gateway_config.write()
    grant = gw.grant("stdio-attacker", ["raw"])
    cmd = [str(gatehouse_binary), "stdio", "raw", "--config", str(config), "--data", str(gw.data_dir)]
    stderr = tmp_path / "stdio.log"
    with StdioPeer(cmd, env={"GATEHOUSE_TOKEN": grant.token}, stderr_path=stderr) as peer:
        peer.initialize()
        peer.send({"jsonrpc": "2.0", "method": "tools/call", "params": {"name": "echo", "arguments": {"text": "sneaked"}}})
        # nothing answers the id-less line; the next request's answer is the next thing on stdout
        answer = peer.request("tools/call", {"name": "echo", "arguments": {"text": "after"}})
        assert result_text(answer["result"]) == "after"
        peer.proc.stdin.close()
        assert peer.wait(timeout=10) == 0
    assert [c["params"]["arguments"]["text"] for c in calls_received(received)] == ["after"]
    assert "must have an \\\"id\\\"" in stderr.read_text() or 'must have an "id"' in stderr.read_text()
    rows = refused_rows(gw)
    assert len(rows) == 1 and rows[0]["grant"] == "stdio-attacker" and rows[0]["detail"]["problem"] == "missing_id"


@pytest.mark.anyio
async def test_a_request_the_upstream_sends_without_an_id_never_reaches_the_agent(raw_gateway) -> None:
    gw, grant = raw_gateway
    seen: list = []

    async def handler(message) -> None:
        seen.append(message)

    async with mcp_session(gw.url("raw"), token=grant.token, message_handler=handler) as session:
        with anyio.fail_after(20):
            result = await session.call_tool("idless_request", {})
    assert result_text(result) == "sent"
    assert not any("sampling" in repr(m) for m in seen), seen
    rows = refused_rows(gw)
    assert len(rows) == 1, rows
    assert rows[0]["detail"] == {"from": "upstream", "method": "sampling/createMessage", "problem": "missing_id"}


# --------------------------------------------------------------------------- 2: control characters
@pytest.mark.parametrize("name", ["free\u0000 (harmless)", "free\u001b[2K", "echo\u0085", "echo\u007f"])
def test_a_tool_name_with_a_control_character_is_refused(raw_gateway, received: Path, name: str) -> None:
    gw, grant = raw_gateway
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        raw.initialize()
        reply = raw.post({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": name, "arguments": {}}})
        assert reply.status == 400
        body = reply.json()
        assert body["id"] == 7 and body["error"]["code"] == -32600
        assert "control character" in body["error"]["message"]
        assert "\u0000" not in body["error"]["message"] and "\u001b" not in body["error"]["message"]
    assert calls_received(received) == []
    rows = refused_rows(gw)
    assert [r["detail"]["problem"] for r in rows] == ["control_character"]
    assert rows[0]["tool"] is None  # the raw name is never stored as a tool name


def test_a_method_with_a_control_character_is_refused(raw_gateway, received: Path) -> None:
    gw, grant = raw_gateway
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        raw.initialize()
        reply = raw.post({"jsonrpc": "2.0", "id": 8, "method": "tools/call\u0000", "params": {"name": "free"}})
        assert reply.status == 400 and reply.json()["error"]["code"] == -32600
    assert [m for m in received_messages(received) if isinstance(m, dict) and m.get("id") == 8] == []


def test_a_name_with_invalid_utf8_is_a_parse_error(raw_gateway, received: Path) -> None:
    gw, grant = raw_gateway
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        raw.initialize()
        for body in (b'{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"fr\xffee"}}',
                     b'{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"free\\ud800"}}'):
            reply = post_bytes(raw, body)
            assert reply.status == 400 and reply.json()["error"]["code"] == -32700, reply
    assert calls_received(received) == []


# --------------------------------------------------------------------------- 3: duplicate keys
@pytest.mark.parametrize("body", [
    b'{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"free","name":"echo","arguments":{}}}',
    b'{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{"text":"a","text":"b"}}}',
    b'{"jsonrpc":"2.0","id":5,"method":"tools/call","method":"ping","params":{"name":"echo"}}',
    b'{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{"x":[{"k":1,"\\u006b":2}]}}}',
])
def test_duplicate_keys_anywhere_are_refused_with_32600(raw_gateway, received: Path, body: bytes) -> None:
    gw, grant = raw_gateway
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        raw.initialize()
        reply = post_bytes(raw, body)
        assert reply.status == 400, reply
        answer = reply.json()
        assert answer["id"] == 5 and answer["error"]["code"] == -32600
        assert "appears twice" in answer["error"]["message"]
    assert calls_received(received) == []
    assert [r["detail"]["problem"] for r in refused_rows(gw)] == ["duplicate_key"]


def test_an_upstream_answer_with_duplicate_keys_becomes_an_error(raw_gateway) -> None:
    gw, grant = raw_gateway
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        raw.initialize()
        answer = raw.call_tool("duplicate_keys", {}, timeout=15)
        assert answer["error"]["code"] == -32603 and "appears twice" in answer["error"]["message"], answer
        assert result_text(raw.call_tool("echo", {"text": "still here"})["result"]) == "still here"
    rows = refused_rows(gw)
    assert [(r["detail"]["from"], r["detail"]["problem"]) for r in rows] == [("upstream", "duplicate_key")]
    call = next(r for r in settled_calls(gw) if r["tool"] == "duplicate_keys")
    assert call["outcome"] == "failed"


# --------------------------------------------------------------------------- 13: failed initialize
def test_a_slow_initialize_that_fails_returns_no_session_id(start_raw) -> None:
    gw, grant = start_raw(OPEN_POLICY, "unlucky", env={"SLOW_START": "1.5", "FAIL_INITIALIZE": "exit"})
    with RawMCP(gw.url("raw"), token=grant.token, timeout=30) as raw:
        rid = raw.next_id()
        reply = raw.post({"jsonrpc": "2.0", "id": rid, "method": "initialize", "params": {
            "protocolVersion": PROTOCOL_VERSION, "capabilities": {}, "clientInfo": {"name": "x", "version": "0"}}})
        assert reply.status == 200
        assert reply.session_id is None, reply.headers
        assert "error" in reply.response_for(rid), reply.messages


def test_a_slow_initialize_that_succeeds_still_returns_its_session_id(start_raw) -> None:
    gw, grant = start_raw(OPEN_POLICY, "patient", env={"SLOW_START": "1.5"})
    with RawMCP(gw.url("raw"), token=grant.token, timeout=30) as raw:
        raw.initialize()
        assert raw.session_id
        assert result_text(raw.call_tool("echo", {"text": "up"})["result"]) == "up"


# --------------------------------------------------------------------------- 4: limits count per grant
def test_a_shorthand_limit_holds_for_a_client_that_opens_a_session_per_call(start_raw, received: Path) -> None:
    gw, grant = start_raw(limited("echo"), "stateless")
    outcomes = []
    for i in range(3):  # what fastmcp's proxy and stateless clients do: a fresh session per call
        with RawMCP(gw.url("raw"), token=grant.token) as raw:
            raw.initialize()
            answer = raw.call_tool("echo", {"text": f"call {i}"})["result"]
            outcomes.append("rate-limited" in result_text(answer))
            raw.delete()
    assert outcomes == [False, True, True]
    assert [c["params"]["arguments"]["text"] for c in calls_received(received)] == ["call 0"]


def test_check_warns_when_a_session_limit_is_the_only_guard(gatehouse_binary: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"version": "1", "default": "deny", "tools": {
        "UpdateOnePerson": {"rate_limit": {"max": 5, "window": "minute", "scope": "session"}},
        "findManyPeople": {"rate_limit": {"max": 5, "window": "minute"}}}}))
    done = subprocess.run([str(gatehouse_binary), "check", str(policy)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr  # a warning, not an error
    lines = [l for l in done.stdout.splitlines() if "warning:" in l]
    assert len(lines) == 1 and "/tools/UpdateOnePerson/rate_limit: warning:" in lines[0], done.stdout
    assert "limited only per session" in lines[0] and '"scope": "grant"' in lines[0]


# --------------------------------------------------------------------------- 5: units kept unless the upstream did not act
@pytest.mark.parametrize("tool,extra,first_error", [
    ("crash", {}, -32603),                        # written, then the upstream died: it may have acted
    ("hang", {"callTimeoutSeconds": 1}, -32001),  # written, never answered
])
def test_a_call_the_upstream_may_have_acted_on_keeps_its_unit(start_raw, received: Path,
                                                               tool: str, extra: dict, first_error: int) -> None:
    gw, grant = start_raw(limited(tool), "limited", **extra)
    with RawMCP(gw.url("raw"), token=grant.token, timeout=20) as raw:
        raw.initialize()
        assert raw.call_tool(tool, {})["error"]["code"] == first_error
        for _ in range(3):
            again = raw.call_tool(tool, {})
            assert "rate-limited" in result_text(again["result"]), again
    assert [c["params"]["name"] for c in calls_received(received)] == [tool]
    decisions = [r["decision"] for r in gw.audit() if r["kind"] == "tool_call" and r["tool"] == tool]
    assert sorted(decisions) == ["allow", "rate_limited", "rate_limited", "rate_limited"]


def test_a_call_the_upstream_rejected_with_a_jsonrpc_error_gives_its_unit_back(start_raw, received: Path) -> None:
    gw, grant = start_raw(limited("reject"), "rejected")
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        raw.initialize()
        for _ in range(3):
            assert raw.call_tool("reject", {})["error"]["code"] == -32602
    assert len(calls_received(received)) == 3
    outcomes = [r["outcome"] for r in settled_calls(gw)]
    assert outcomes == ["error", "error", "error"]


def test_a_call_that_could_not_be_sent_gives_its_unit_back(gateway, gateway_config: GatewayConfig, tmp_path: Path) -> None:
    policy = limited("echo")
    flag = tmp_path / "broken"
    # The upstream starts for initialize, then the next start (after it was stopped) fails: calls are never written.
    script = f"import os,sys; os.path.exists({str(flag)!r}) and sys.exit(5); os.execv({sys.executable!r}, [{sys.executable!r}, {str(FIXTURES_DIR / 'raw_server.py')!r}])"
    gateway_config.add_stdio("raw", sys.executable, ["-c", script], {"RECEIVED_LOG": str(tmp_path / "r.jsonl")}, policy)
    gw = gateway()
    grant = gw.grant("unlucky", ["raw"])
    with RawMCP(gw.url("raw"), token=grant.token) as raw:
        raw.initialize()
        flag.write_text("x")
        children = descendants(gw.proc.pid)
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        wait_gone(children, 5)
        # the gateway has seen its upstream go before the next call
        wait_until(lambda: any(r["kind"] == "upstream_crashed" for r in gw.audit()), what="the upstream's death went unnoticed",
                   interval=0.1)
        for _ in range(2):
            failed = raw.call_tool("echo", {"text": "x"})
            assert failed["error"]["code"] == -32603, failed  # could not start: never written
        flag.unlink()
        assert result_text(raw.call_tool("echo", {"text": "back"})["result"]) == "back"


# --------------------------------------------------------------------------- 15: stdio exits 1 on a token problem
def test_stdio_with_a_token_problem_prints_why_and_exits_1_without_crashing(gateway_config: GatewayConfig, received: Path,
                                                                             gatehouse_binary: Path) -> None:
    gateway_config.add_raw_stdio("raw", received, policy=OPEN_POLICY)
    gateway_config.add_raw_stdio("other", received, policy=OPEN_POLICY)
    # An HTTP upstream makes the gateway build an HTTP client, which must be shut down on every path.
    gateway_config.add_http("remote", "http://127.0.0.1:9/mcp", policy=OPEN_POLICY)
    gw = Gateway(gateway_config, binary=gatehouse_binary)
    config = gateway_config.write()
    other = gw.grant("other-only", ["other"])
    cmd = [str(gatehouse_binary), "stdio", "raw", "--config", str(config), "--data", str(gw.data_dir)]
    env = {k: v for k, v in os.environ.items() if k != "GATEHOUSE_TOKEN"}
    for token_env, says in (({}, "set GATEHOUSE_TOKEN"), ({"GATEHOUSE_TOKEN": "gh_wrong"}, "not the token of an active grant"),
                            ({"GATEHOUSE_TOKEN": other.token}, "does not cover server 'raw'")):
        done = subprocess.run(cmd, env={**env, **token_env}, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
        assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
        assert says in done.stderr
        assert "Fatal error" not in done.stderr and "backtrace" not in done.stderr.lower(), done.stderr[-2000:]
    assert received_messages(received) == []


def test_serve_that_cannot_listen_prints_why_and_exits_1(gateway_config: GatewayConfig, received: Path,
                                                         gatehouse_binary: Path, tmp_path: Path) -> None:
    gateway_config.add_raw_stdio("raw", received, policy=OPEN_POLICY)
    gateway_config.add_http("remote", "http://127.0.0.1:9/mcp", policy=OPEN_POLICY)
    config = gateway_config.write()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([str(gatehouse_binary), "serve", "--config", str(config), "--data", str(tmp_path / "data"),
                               "--port", str(port), "--no-generate"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=60, cwd=tmp_path)
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert "the server stopped" in done.stderr
    assert "Fatal error" not in done.stderr and "backtrace" not in done.stderr.lower(), done.stderr[-2000:]


# --------------------------------------------------------------------------- 16: rows left in flight by a killed gateway
def test_calls_in_flight_when_the_gateway_is_killed_become_interrupted_at_its_next_start(
        gateway_config: GatewayConfig, received: Path, gatehouse_binary: Path, tmp_path: Path) -> None:
    policy = {"version": "1", "default": "deny",
              "tools": {"echo": {}, "stall": {}, "hang": {"rate_limit": {"max": 100, "window": "minute"}}}}
    gateway_config.add_raw_stdio("raw", received, policy=policy)
    first = Gateway(gateway_config, binary=gatehouse_binary, extra_args=["--replica-id", "r1"], check_leaks=False)
    first.start()
    try:
        grant = first.grant("victim", ["raw"])
        with RawMCP(first.url("raw"), token=grant.token) as raw:
            raw.initialize()
            assert result_text(raw.call_tool("echo", {"text": "done"})["result"]) == "done"
            def post_until_killed(tool: str) -> None:
                try:
                    raw.post({"jsonrpc": "2.0", "id": f"in-flight-{tool}", "method": "tools/call",
                              "params": {"name": tool, "arguments": {}}}, timeout=5)
                except httpx.HTTPError:
                    pass  # expected: the gateway is killed while this call is in flight

            for tool in ("hang", "stall"):  # one admitted through the rate-limit journal, one without
                threading.Thread(target=post_until_killed, args=(tool,), daemon=True).start()
            wait_until(lambda: len(calls_received(received)) >= 3, what="the upstream did not receive the three calls")
            assert len(calls_received(received)) == 3
            # Killed once both in-flight calls have their audit rows (without an outcome yet).
            wait_until(lambda: len([r for r in first.audit() if r["kind"] == "tool_call" and r["tool"] in ("hang", "stall")]) == 2,
                       what="the in-flight calls' audit rows were never written")
            os.killpg(first.pgid, signal.SIGKILL)
    finally:
        first.stop(check_leaks=False)
    in_flight = [r for r in first.audit() if r["kind"] == "tool_call" and r["tool"] in ("hang", "stall")]
    assert [r["outcome"] for r in in_flight] == [None, None]  # nobody closed them: the gateway was killed

    second = Gateway(gateway_config, binary=gatehouse_binary, extra_args=["--replica-id", "r1"])
    with second:
        rows = [r for r in second.audit() if r["kind"] == "tool_call"]
    by_tool = {r["tool"]: r for r in rows}
    assert by_tool["echo"]["outcome"] == "ok"
    for tool in ("hang", "stall"):
        assert by_tool[tool]["outcome"] == "interrupted", by_tool[tool]
        assert by_tool[tool]["error"].startswith("gateway restarted"), by_tool[tool]
        assert by_tool[tool]["forwardedBy"] == "r1"
