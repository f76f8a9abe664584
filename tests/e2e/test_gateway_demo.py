"""The demo a newcomer sees first: examples/demo (the demo CRM and its recommended policy)
behind the gateway -- allow, limit, deny and hide."""
from __future__ import annotations

import json
import os
from pathlib import Path

import anyio
import pytest

from harness import REPO_ROOT, GatewayConfig, mcp_session, result_text

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]

DEMO = REPO_ROOT / "examples" / "demo"


@pytest.fixture
def demo_gateway(gateway, gateway_config: GatewayConfig, gatehouse_binary: Path):
    example = json.loads((DEMO / "gatehouse.json").read_text())
    for name, entry in example["mcpServers"].items():
        gateway_config.servers[name] = {**entry, "policy": str(DEMO / entry["policy"])}
    path = f"{gatehouse_binary.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    gw = gateway(env={"PATH": path})
    return gw, gw.grant("demo-agent", ["crm"])


async def test_demo_shows_allow_limit_deny_and_hide(demo_gateway) -> None:
    gw, grant = demo_gateway
    async with mcp_session(gw.url("crm"), token=grant.token) as s:
        with anyio.fail_after(60):
            names = {t.name for t in (await s.list_tools()).tools}
            assert "findManyPeople" in names and "UpdateOneConnectedAccount" in names
            assert "findManyConnectedAccounts" not in names  # hidden: the accounts hold tokens
            assert "deleteOnePerson" not in names  # denied tools are not listed either

            people = json.loads(result_text(await s.call_tool("findManyPeople", {"search": "ada"})))
            ada = people["people"][0]
            assert ada["name"]["firstName"] == "Ada"

            hidden = await s.call_tool("findManyConnectedAccounts", {})
            assert hidden.is_error and "access and refresh tokens" in result_text(hidden)

            denied = await s.call_tool("deleteOnePerson", {"id": ada["id"]})
            assert denied.is_error and "cannot be undone" in result_text(denied)

            results = []
            for i in range(6):
                r = await s.call_tool("UpdateOnePerson", {"id": ada["id"], "requestBody": {"city": f"City {i}"}})
                results.append(r)
            assert [r.is_error for r in results] == [False] * 5 + [True]
            assert "rate-limited" in result_text(results[5])
            assert json.loads(result_text(results[4]))["person"]["city"] == "City 4"
