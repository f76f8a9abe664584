"""Issue 7's approval acceptance test: two `gatehouse serve` replicas share one PostgreSQL
database; a call held on replica A and approved through replica B's API is released on A
(PostgreSQL LISTEN/NOTIFY). The release latency is printed, never asserted: a figure, not a
timed assertion. Runs when $GATEHOUSE_TEST_POSTGRES_URL names a server (scripts/test starts
one); each test gets a fresh database.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterator

import anyio
import httpx
import pytest

from harness import Gateway, GatewayConfig, mcp_session, read_call_log, result_text, wait_until_async
from postgres_support import fresh_database, postgres_missing_reason, shared_server_url

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]

ADMIN_TOKEN = "e2e-admin-token-for-replicas-0123"
POLICY = {"version": "1", "default": "deny", "tools": {"echo": {"action": "require_approval"}}}


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A fresh database on the test server, dropped afterwards; its URL."""
    reason = postgres_missing_reason()
    if reason:
        pytest.skip(reason)
    with fresh_database(shared_server_url()) as url:
        yield url


def replica(tmp_path: Path, name: str, url: str, call_log: Path) -> Gateway:
    config = GatewayConfig(directory=tmp_path / name)
    config.directory.mkdir()
    config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    config.extra.update({"adminToken": ADMIN_TOKEN, "store": url})
    return Gateway(config, env={"GATEHOUSE_REPLICA": name})


async def test_an_approval_through_replica_b_releases_the_call_held_on_replica_a(
        gatehouse_binary: Path, tmp_path: Path, call_log: Path, postgres_database: str) -> None:
    a = replica(tmp_path, "replica-a", postgres_database, call_log)
    b = replica(tmp_path, "replica-b", postgres_database, call_log)
    a.binary = b.binary = gatehouse_binary
    with a, b:
        grant = a.grant("agent", ["rich"])
        outcome: dict[str, Any] = {}
        async with mcp_session(a.url("rich"), token=grant.token, read_timeout=60) as session:
            with anyio.fail_after(45):
                async with anyio.create_task_group() as group:
                    async def call() -> None:
                        outcome["result"] = await session.call_tool("echo", {"text": "across replicas"})
                        outcome["released"] = time.monotonic()

                    group.start_soon(call)
                    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=10) as http:
                        async def queued() -> list[dict[str, Any]]:
                            return (await http.get(b.base_url + "/api/approvals")).json()

                        items = await wait_until_async(queued, what="the held call never reached the shared queue")
                        [item] = items
                        assert item["tool"] == "echo" and item["grant"] == "agent"
                        decided_at = time.monotonic()
                        reply = await http.post(f"{b.base_url}/api/approvals/{item['id']}", json={"decision": "approve"})
                        assert reply.status_code == 200, reply.text
        latency = outcome["released"] - decided_at
        print(f"\napproval through replica B released the call held on replica A in {latency * 1000:.0f} ms")
        assert result_text(outcome["result"]) == "across replicas"
        assert [entry["tool"] for entry in read_call_log(call_log)] == ["echo"]
