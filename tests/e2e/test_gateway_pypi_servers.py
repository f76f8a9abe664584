"""Real MCP servers from PyPI behind the gateway, over stdio: mcp-server-time and mcp-server-git."""
from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest

from harness import GatewayConfig, mcp_session, result_text

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]


async def test_mcp_server_time_allowed_and_denied_tools(gateway, gateway_config: GatewayConfig) -> None:
    policy = {"version": "1", "default": "deny", "tools": {
        "get_current_time": {},
        "convert_time": {"action": "deny", "reason": "time zone conversions are not needed here"}}}
    gateway_config.add_pypi_stdio("time", "mcp-server-time", ["--local-timezone", "UTC"], policy=policy)
    gw = gateway()
    grant = gw.grant("clock-reader", ["time"])
    async with mcp_session(gw.url("time"), token=grant.token) as s:
        with anyio.fail_after(30):
            assert [t.name for t in (await s.list_tools()).tools] == ["get_current_time"]
            now = json.loads(result_text(await s.call_tool("get_current_time", {"timezone": "Europe/Paris"})))
            assert now["timezone"] == "Europe/Paris"
            refused = await s.call_tool("convert_time", {"source_timezone": "UTC", "time": "12:00",
                                                          "target_timezone": "Asia/Tokyo"})
            assert refused.is_error and "time zone conversions are not needed here" in result_text(refused)
    decisions = {(r["tool"], r["decision"]) for r in gw.audit() if r["kind"] == "tool_call"}
    assert decisions == {("get_current_time", "allow"), ("convert_time", "deny")}


async def test_mcp_server_git_reads_allowed_and_writes_hidden(gateway, gateway_config: GatewayConfig, git_repo: Path) -> None:
    policy = {"version": "1", "default": "deny", "tools": {
        "git_status": {}, "git_diff_unstaged": {}, "git_log": {},
        "git_commit": {"hide": True, "reason": "agents do not commit"},
        "git_reset": {"hide": True}}}
    gateway_config.add_pypi_stdio("git", "mcp-server-git", ["--repository", str(git_repo)], policy=policy)
    gw = gateway()
    grant = gw.grant("git-reader", ["git"])
    async with mcp_session(gw.url("git"), token=grant.token) as s:
        with anyio.fail_after(30):
            names = {t.name for t in (await s.list_tools()).tools}
            assert names == {"git_status", "git_diff_unstaged", "git_log"}
            status = result_text(await s.call_tool("git_status", {"repo_path": str(git_repo)}))
            assert "README.md" in status
            diff = result_text(await s.call_tool("git_diff_unstaged", {"repo_path": str(git_repo)}))
            assert "+changed" in diff
            refused = await s.call_tool("git_commit", {"repo_path": str(git_repo), "message": "sneaky"})
            assert refused.is_error and "agents do not commit" in result_text(refused)
