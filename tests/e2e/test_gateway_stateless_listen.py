"""`subscriptions/listen` at 2026-07-28 through the gateway: the official `mcp` 2.3.0 client opens
a listen stream (`Client.listen(tools_list_changed=True)`), the gateway acknowledges it, and when
the test rewrites the server's policy file the stream delivers `notifications/tools/list_changed`
— a changed policy is a changed tool list — after which the client's refetched list shows it;
with a stdio upstream and with a 2026-07-28 HTTP upstream (rich_server's MCPServer over
Streamable HTTP).
"""
from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest

from harness import GatewayConfig, UpstreamHTTP, mcp_client, read_call_log, wait_until_async

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]


@pytest.mark.parametrize("rich_upstream, mode", [("stdio", "2026-07-28"), ("stdio", "auto"), ("http", "2026-07-28")],
                         indirect=["rich_upstream"])
async def test_a_policy_rewrite_reaches_the_listen_stream(gateway, gateway_config: GatewayConfig, call_log: Path,
                                                          tmp_path: Path, rich_upstream: UpstreamHTTP | None,
                                                          mode: str) -> None:
    from mcp.client.subscriptions import ToolsListChanged

    policy_file = tmp_path / "listened.json"
    policy_file.write_text(json.dumps({"version": "1", "default": "deny", "tools": {"echo": {}, "fail": {}}}))
    gateway_config.add_rich("rich", rich_upstream, call_log=call_log, policy=policy_file)
    gw = gateway()
    grant = gw.grant("listener", ["rich"])
    async with mcp_client(gw.url("rich"), token=grant.token, mode=mode) as client:
        before = {tool.name for tool in (await client.list_tools()).tools}
        assert {"echo", "fail"} <= before
        with anyio.fail_after(45):
            async with client.listen(tools_list_changed=True) as subscription:
                assert subscription.honored.tools_list_changed
                policy_file.write_text(json.dumps({"version": "1", "default": "deny", "tools": {"echo": {}}}))
                event = await subscription.__anext__()
                assert isinstance(event, ToolsListChanged), event
        after = {tool.name for tool in (await client.list_tools()).tools}
    assert "echo" in after and "fail" not in after


async def test_a_resource_subscription_is_undone_when_its_last_listener_goes(gateway, gateway_config: GatewayConfig,
                                                                           call_log: Path) -> None:
    """Two listen streams of one resource share one `resources/subscribe` on the stdio upstream
    (initialized at 2025-11-25 by the gateway's pool); when both have closed the gateway sends
    `resources/unsubscribe`, once."""
    uri = "test://static/greeting"
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy={"version": "1", "default": "deny", "tools": {"echo": {}}},
                                  env={"SUBSCRIBABLE": "1"})
    gw = gateway()
    grant = gw.grant("listener", ["rich"])

    def requests() -> list[tuple[str, str]]:
        return [(e["tool"], e["arguments"]["uri"]) for e in read_call_log(call_log) if e["tool"].startswith("resources/")]

    async def seen(expected: list[tuple[str, str]]) -> bool:
        return requests() == expected

    subscribed = [("resources/subscribe", uri)]
    async with mcp_client(gw.url("rich"), token=grant.token, mode="2026-07-28") as client:
        with anyio.fail_after(90):
            async with client.listen(resource_subscriptions=[uri]) as first:
                assert first.honored.resource_subscriptions == [uri]
                async with client.listen(resource_subscriptions=[uri]):
                    await wait_until_async(lambda: seen(subscribed), what=lambda: f"one subscribe, saw {requests()}")
            # Both streams closed; the gateway notices at its next write to each (a keep-alive at the latest).
            await wait_until_async(lambda: seen(subscribed + [("resources/unsubscribe", uri)]),
                                   what=lambda: f"one unsubscribe after the last listener, saw {requests()}")
