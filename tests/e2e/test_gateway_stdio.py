"""`gatehouse stdio <server>`: the same enforcement over stdin/stdout, for clients that only launch
stdio servers; the agent's grant comes from GATEHOUSE_TOKEN."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness import Gateway, GatewayConfig, StdioPeer, read_call_log, result_text

pytestmark = [pytest.mark.gateway]

POLICY = {"version": "1", "default": "deny", "tools": {
    "echo": {}, "slow_progress": {}, "crash": {"action": "deny", "reason": "no crashing"}}}


@pytest.fixture
def stdio_setup(gateway_config: GatewayConfig, call_log: Path, gatehouse_binary: Path):
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gw = Gateway(gateway_config, binary=gatehouse_binary)  # used for its CLI only: not started
    config = gateway_config.write()
    grant = gw.grant("stdio-agent", ["rich"])
    cmd = [str(gatehouse_binary), "stdio", "rich", "--config", str(config), "--data", str(gw.data_dir)]
    return gw, grant, cmd


def test_stdio_front_enforces_the_policy(stdio_setup, call_log: Path) -> None:
    gw, grant, cmd = stdio_setup
    with StdioPeer(cmd, env={"GATEHOUSE_TOKEN": grant.token}) as peer:
        peer.initialize()
        tools = peer.request("tools/list")["result"]["tools"]
        assert {t["name"] for t in tools} == {"echo", "slow_progress"}
        echoed = peer.request("tools/call", {"name": "echo", "arguments": {"text": "over stdio"}})
        assert result_text(echoed["result"]) == "over stdio"
        refused = peer.request("tools/call", {"name": "crash", "arguments": {}})
        assert refused["result"]["isError"] and "no crashing" in result_text(refused["result"])
        peer.send({"jsonrpc": "2.0", "id": 50, "method": "tools/call",
                   "params": {"name": "slow_progress", "arguments": {"steps": 2, "delay": 0.01},
                              "_meta": {"progressToken": "p"}}})
        seen = [peer.read_message(timeout=10) for _ in range(3)]
        assert [m.get("method") for m in seen] == ["notifications/progress", "notifications/progress", None]
        peer.send(b"{not json")
        assert peer.read_message(timeout=10)["error"]["code"] == -32700
        peer.proc.stdin.close()
        assert peer.wait(timeout=10) == 0
    assert [e["tool"] for e in read_call_log(call_log)] == ["echo", "slow_progress"]
    assert {r["grant"] for r in gw.audit() if r["kind"] == "tool_call"} == {"stdio-agent"}


def test_stdio_front_needs_a_valid_token(stdio_setup) -> None:
    _, _, cmd = stdio_setup
    env = {k: v for k, v in os.environ.items() if k != "GATEHOUSE_TOKEN"}
    import subprocess

    for token_env in ({}, {"GATEHOUSE_TOKEN": "gh_wrong"}):
        done = subprocess.run(cmd, env={**env, **token_env}, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=30)
        assert done.returncode == 1
        assert "GATEHOUSE_TOKEN" in done.stderr


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["auto", "2026-07-28"])
async def test_stdio_front_serves_a_2026_07_28_stdio_client(stdio_setup, call_log: Path, mode: str) -> None:
    """The official SDK's stdio_client negotiates 2026-07-28 with `gatehouse stdio` (auto mode
    probes server/discover, which the gateway answers) and the policy holds: listing filtered,
    allowed call forwarded, denied call refused with its reason."""
    import anyio
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client

    gw, grant, cmd = stdio_setup
    params = StdioServerParameters(command=cmd[0], args=cmd[1:], env={**os.environ, "GATEHOUSE_TOKEN": grant.token})
    with anyio.fail_after(60):
        async with Client(stdio_client(params), mode=mode) as client:
            assert client.session.protocol_version == "2026-07-28"
            names = {t.name for t in (await client.list_tools()).tools}
            assert names == {"echo", "slow_progress"}
            echoed = await client.call_tool("echo", {"text": "stateless over stdio"})
            assert result_text(echoed) == "stateless over stdio"
            refused = await client.call_tool("crash", {})
            assert refused.is_error and "no crashing" in result_text(refused)
    assert [e["tool"] for e in read_call_log(call_log)] == ["echo"]
    decisions = sorted((r["tool"], r["decision"]) for r in gw.audit() if r["kind"] == "tool_call")
    assert decisions == [("crash", "deny"), ("echo", "allow")]


def test_stdio_front_answers_an_unknown_revision_with_unsupported_version(stdio_setup, call_log: Path) -> None:
    """A revision nobody speaks gets MCP's -32022 with `data.supported`; the front keeps serving."""
    _, grant, cmd = stdio_setup
    with StdioPeer(cmd, env={"GATEHOUSE_TOKEN": grant.token}) as peer:
        peer.send({"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": {
            "io.modelcontextprotocol/protocolVersion": "2099-01-01",
            "io.modelcontextprotocol/clientCapabilities": {}}}})
        error = peer.read_message(timeout=10)["error"]
        assert error["code"] == -32022
        assert error["data"] == {"supported": ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"], "requested": "2099-01-01"}
        peer.initialize()
        echoed = peer.request("tools/call", {"name": "echo", "arguments": {"text": "after the probe"}})
        assert result_text(echoed["result"]) == "after the probe"
    assert [e["tool"] for e in read_call_log(call_log)] == ["echo"]


@pytest.mark.anyio
async def test_stdio_front_serves_listen_and_progress_to_a_2026_07_28_stdio_client(gateway_config: GatewayConfig, call_log: Path,
                                                                                 gatehouse_binary: Path, tmp_path: Path) -> None:
    """`subscriptions/listen` over `gatehouse stdio`, as the stdio transport defines it: the
    acknowledgment and `notifications/tools/list_changed` (the policy file rewritten) on the one
    shared channel, each carrying the subscription id the SDK demultiplexes by; and a call's
    progress before its answer."""
    import json

    import anyio
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client
    from mcp.client.subscriptions import ToolsListChanged

    policy_file = tmp_path / "stdio-listened.json"
    policy_file.write_text(json.dumps({"version": "1", "default": "deny", "tools": {"echo": {}, "slow_progress": {}}}))
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=policy_file)
    gw = Gateway(gateway_config, binary=gatehouse_binary)
    config = gateway_config.write()
    grant = gw.grant("stdio-listener", ["rich"])
    cmd = [str(gatehouse_binary), "stdio", "rich", "--config", str(config), "--data", str(gw.data_dir)]
    params = StdioServerParameters(command=cmd[0], args=cmd[1:], env={**os.environ, "GATEHOUSE_TOKEN": grant.token})
    progress: list[float] = []

    async def record(value: float, total: float | None, message: str | None) -> None:
        progress.append(value)

    with anyio.fail_after(60):
        async with Client(stdio_client(params), mode="2026-07-28") as client:
            done = await client.call_tool("slow_progress", {"steps": 2, "delay": 0.01}, progress_callback=record)
            assert result_text(done) == "done 2" and progress == [1, 2]
            async with client.listen(tools_list_changed=True) as subscription:
                assert subscription.honored.tools_list_changed
                policy_file.write_text(json.dumps({"version": "1", "default": "deny", "tools": {"echo": {}}}))
                event = await subscription.__anext__()
                assert isinstance(event, ToolsListChanged), event
            assert {t.name for t in (await client.list_tools()).tools} == {"echo"}
