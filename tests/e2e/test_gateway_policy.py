"""The policy at work through the real gateway: tools/list filtering, allow, deny with a reason,
the seed's 30/minute limit, session vs grant scope, a held call nobody approves, and the audit
rows every decision leaves -- driven by the official Python SDK client.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import pytest

from harness import REPO_ROOT, GatewayConfig, mcp_session, read_call_log, result_text, wait_until, wait_until_async

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]

SHARED = REPO_ROOT.parent / "shared"
TWENTY = SHARED / "catalog" / "servers" / "twenty-crm-jdu278.json"

# The public tool page's policy, exactly as published (the project's seed).
SEED_POLICY = {"version": "1", "default": "deny",
               "tools": {"UpdateOneConnectedAccount": {"limits": [
                   {"counter": "updateoneconnectedaccount_rate", "window": "minute", "max": 30, "scope": "grant"}]}}}

RICH_POLICY = {
    "version": "1", "default": "deny",
    "tools": {
        "echo": {},
        "fail": {},
        "big_text": {"hide": True, "reason": "large outputs are not for agents"},
        "crash": {"action": "deny", "reason": "crashing the server is never allowed"},
        "ask_*": {"action": "require_approval"},
    },
}


def refusal_meta(result) -> dict:
    return (result.meta or {}).get("dev.gatehouse/refusal", {})


async def test_tools_list_hides_hidden_and_denied_tools(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=RICH_POLICY)
    gw = gateway()
    grant = gw.grant("lister", ["rich"])
    async with mcp_session(gw.url("rich"), token=grant.token) as s:
        with anyio.fail_after(30):
            names = {t.name for t in (await s.list_tools()).tools}
    # listed: allowed tools and those needing approval; gone: hidden, denied, and the default-denied rest
    assert names == {"echo", "fail", "ask_llm", "ask_user"}
    rows = [r for r in gw.audit() if r["kind"] == "tools_list"]
    assert rows and "big_text" in rows[0]["detail"]["hidden"] and "crash" in rows[0]["detail"]["hidden"]


async def test_allowed_call_reaches_the_upstream_and_denied_call_does_not(gateway, gateway_config: GatewayConfig,
                                                                          call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=RICH_POLICY)
    gw = gateway()
    grant = gw.grant("agent-1", ["rich"])
    async with mcp_session(gw.url("rich"), token=grant.token) as s:
        with anyio.fail_after(30):
            assert result_text(await s.call_tool("echo", {"text": "hello"})) == "hello"

            denied = await s.call_tool("crash", {})
            assert denied.is_error
            assert result_text(denied) == ("Gatehouse refused the call to tool 'crash' on server 'rich' (policy rule "
                                           "/tools/crash): crashing the server is never allowed. The call did not "
                                           "reach the server.")
            assert refusal_meta(denied)["decision"] == "deny"

            hidden = await s.call_tool("big_text", {"size": 10})
            assert hidden.is_error and "large outputs are not for agents" in result_text(hidden)

            unlisted = await s.call_tool("sleep", {"seconds": 0})
            assert unlisted.is_error and "(policy rule /default)" in result_text(unlisted)

            # a tool's own isError result is passed through as the upstream wrote it
            failed = await s.call_tool("fail", {"message": "upstream says no"})
            assert failed.is_error and result_text(failed) == "upstream says no"
    assert [e["tool"] for e in read_call_log(call_log)] == ["echo", "fail"]

    calls = {r["tool"]: r for r in gw.audit() if r["kind"] == "tool_call"}
    assert calls["echo"]["decision"] == "allow" and calls["echo"]["outcome"] == "ok"
    assert calls["echo"]["grant"] == "agent-1" and calls["echo"]["server"] == "rich"
    assert calls["echo"]["argumentsDigest"] and calls["echo"]["latencyMs"] is not None
    assert calls["crash"]["decision"] == "deny" and calls["crash"]["rule"] == "/tools/crash"
    assert calls["crash"]["reason"] == "crashing the server is never allowed" and calls["crash"]["outcome"] is None
    assert calls["fail"]["outcome"] == "tool_error"
    assert calls["sleep"]["rule"] == "/default"


async def test_a_call_needing_approval_that_nobody_approves_is_refused(gateway, gateway_config: GatewayConfig,
                                                                      call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=RICH_POLICY)
    gateway_config.extra["approvals"] = {"timeoutSeconds": 1}
    gw = gateway()
    grant = gw.grant("agent-2", ["rich"])
    async with mcp_session(gw.url("rich"), token=grant.token) as s:
        with anyio.fail_after(30):
            held = await s.call_tool("ask_llm", {"prompt": "hi"})
    assert held.is_error and "approval timed out" in result_text(held)
    assert refusal_meta(held)["decision"] == "require_approval"
    assert read_call_log(call_log) == []


async def test_the_seeds_30_per_minute_limit_refuses_the_31st_call(gateway, gateway_config: GatewayConfig,
                                                                    call_log: Path, tools_file: Path) -> None:
    twenty = json.loads(TWENTY.read_text())
    tool = next(t for t in twenty["tools"] if t["name"] == "UpdateOneConnectedAccount")
    tools_file.write_text(json.dumps({"tools": [tool], "builtin": False}))
    gateway_config.add_changing_stdio("twenty", tools_file, call_log=call_log, policy=SEED_POLICY)
    gw = gateway()
    grant = gw.grant("crm-agent", ["twenty"])
    args = {"id": "20202020-0000-4000-8000-000000000001", "requestBody": {"handle": "ada@example.com"}}
    async with mcp_session(gw.url("twenty"), token=grant.token) as s:
        with anyio.fail_after(60):
            assert [t.name for t in (await s.list_tools()).tools] == ["UpdateOneConnectedAccount"]
            for i in range(30):
                r = await s.call_tool("UpdateOneConnectedAccount", args)
                assert not r.is_error, f"call {i + 1}: {result_text(r)}"
            refused = await s.call_tool("UpdateOneConnectedAccount", args)
    assert refused.is_error
    text = result_text(refused)
    assert "rate-limited" in text and "updateoneconnectedaccount_rate" in text and "Retry after" in text
    meta = refusal_meta(refused)
    assert meta["decision"] == "rate_limited" and meta["rule"] == "/tools/UpdateOneConnectedAccount/limits/0"
    assert 0 < meta["retryAfterSeconds"] <= 60
    assert len(read_call_log(call_log)) == 30  # the 31st never reached the upstream
    decisions = [r["decision"] for r in gw.audit() if r["kind"] == "tool_call"]
    assert decisions.count("allow") == 30 and decisions.count("rate_limited") == 1


SCOPED_POLICY = {
    "version": "1", "default": "deny",
    "tools": {
        "echo": {"rate_limit": {"max": 2, "window": "minute", "scope": "session"}},  # per session only when written
        "fail": {"limits": [{"counter": "fail_rate", "window": "minute", "max": 2, "scope": "grant"}]},
    },
}


async def test_session_scope_and_grant_scope_budgets(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=SCOPED_POLICY)
    gw = gateway()
    alice = gw.grant("alice", ["rich"])
    bob = gw.grant("bob", ["rich"])

    async def calls(token: str, tool: str, n: int) -> list[bool]:
        """Makes n calls in a new session; True for each one that was rate limited."""
        async with mcp_session(gw.url("rich"), token=token) as s:
            with anyio.fail_after(30):
                return [await _is_limited(s, tool) for _ in range(n)]

    # session scope: each new session of the same grant starts a fresh budget of 2
    assert await calls(alice.token, "echo", 3) == [False, False, True]
    assert await calls(alice.token, "echo", 3) == [False, False, True]
    # grant scope: alice's two calls are spent across sessions; bob has his own budget
    assert await calls(alice.token, "fail", 1) == [False]
    assert await calls(alice.token, "fail", 2) == [False, True]
    assert await calls(bob.token, "fail", 3) == [False, False, True]


async def _is_limited(session, tool: str) -> bool:
    args = {"text": "x"} if tool == "echo" else {"message": "m"}
    r = await session.call_tool(tool, args)
    limited = r.is_error and "rate-limited" in result_text(r)
    assert limited or tool == "fail" or not r.is_error, result_text(r)  # fail() is an isError tool
    return limited


async def test_policy_reload_takes_effect_without_restart(gateway, gateway_config: GatewayConfig, call_log: Path,
                                                          tmp_path: Path) -> None:
    policy_file = tmp_path / "reloading.json"
    policy_file.write_text(json.dumps({"version": "1", "default": "deny", "tools": {"echo": {}}}))
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=policy_file)
    gw = gateway()
    grant = gw.grant("reloader", ["rich"])
    async with mcp_session(gw.url("rich"), token=grant.token) as s:
        with anyio.fail_after(30):
            assert not (await s.call_tool("echo", {"text": "a"})).is_error
            policy_file.write_text(json.dumps({"version": "1", "default": "deny",
                                               "tools": {"echo": {"action": "deny", "reason": "closed for the night"}}}))
            async def denied() -> Any:
                r = await s.call_tool("echo", {"text": "b"})
                return r if r.is_error else None

            r = await wait_until_async(denied, what="the reloaded policy never took effect", interval=0.1)
            assert r.is_error and "closed for the night" in result_text(r)
            # an invalid file is refused and the last good policy stays in force
            policy_file.write_text('{"version": "1", "default": "maybe"}')
            await anyio.to_thread.run_sync(lambda: wait_until(lambda: "policy rejected" in gw.log_text(),
                                                              what="the invalid policy file was never read"))
            r = await s.call_tool("echo", {"text": "c"})
            assert r.is_error and "closed for the night" in result_text(r)


# PolicyLayer's documented forms, unchanged: a hide list, all_tools limits, require and deny_if.
POLICYLAYER_POLICY = {
    "version": "1", "default": "deny",
    "hide": ["big_text"],
    "all_tools": {"limits": [{"counter": "calls-per-minute", "window": "minute", "max": 60, "scope": "grant"}]},
    "tools": {
        "echo": {
            "require": [{"conditions": [{"path": "args.reason", "op": "exists", "value": True}],
                         "on_deny": "Say why you echo."}],
            "deny_if": [{"conditions": [{"path": "args.text", "op": "contains", "value": "password"}],
                         "on_deny": "Never echo a password."}],
        },
        "big_text": {},
        "crash": {"deny_if": [{"conditions": [], "on_deny": "Crashing the server is blocked."}]},
    },
}


async def test_a_policylayer_document_decides_through_the_gateway_and_names_its_entries(
        gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICYLAYER_POLICY)
    gw = gateway()
    grant = gw.grant("pl-agent", ["rich"])
    async with mcp_session(gw.url("rich"), token=grant.token) as s:
        with anyio.fail_after(30):
            # hidden wins over the rule naming big_text; a deny_if that always denies is still listed,
            # as PolicyLayer lists it (hide is what takes a tool out of the list)
            assert {t.name for t in (await s.list_tools()).tools} == {"echo", "crash"}
            assert result_text(await s.call_tool("echo", {"text": "hello", "reason": "a demo"})) == "hello"
            missing = await s.call_tool("echo", {"text": "hello"})
            guarded = await s.call_tool("echo", {"text": "my password is hunter2", "reason": "a demo"})
            undecided = await s.call_tool("echo", {"reason": "no text"})
            blocked = await s.call_tool("crash", {})
            hidden = await s.call_tool("big_text", {"size": 10})
    assert result_text(missing) == ("Gatehouse refused the call to tool 'echo' on server 'rich' (policy rule "
                                    "/tools/echo/require/0): Say why you echo. The call did not reach the server.")
    assert guarded.is_error and "Never echo a password. The call did not reach the server." in result_text(guarded)
    # deny_if cannot decide on a missing args.text, so it denies (docs/policy.md, fail closed)
    assert undecided.is_error and "Never echo a password." in result_text(undecided)
    assert blocked.is_error and "Crashing the server is blocked." in result_text(blocked)
    assert hidden.is_error and refusal_meta(hidden)["decision"] == "deny"
    assert [e["tool"] for e in read_call_log(call_log)] == ["echo"]

    rules = [(r["tool"], r["decision"], r["rule"]) for r in reversed(gw.audit()) if r["kind"] == "tool_call"]
    assert rules[:5] == [("echo", "allow", "/tools/echo"), ("echo", "deny", "/tools/echo/require/0"),
                         ("echo", "deny", "/tools/echo/deny_if/0"), ("echo", "deny", "/tools/echo/deny_if/0"),
                         ("crash", "deny", "/tools/crash/deny_if/0")]
    assert rules[5][0] == "big_text" and rules[5][2].startswith("/hide")
