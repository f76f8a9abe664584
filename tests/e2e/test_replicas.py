"""Replicas: several `gatehouse serve` processes sharing one PostgreSQL database.

  - exactness: 2,000 calls, 64 at a time, spread over two replicas against `max: 30` per minute
    admit exactly 30 in total (and the upstreams saw exactly 30); the same for a spend cap;
  - sessions are sticky: a session id sent to the wrong replica gets 404 with a body naming
    the replica that holds it and the routing rule;
  - database down: calls are refused with "policy state unavailable", /healthz says 503,
    nothing hangs; when the database is back, calls go through again by themselves, and the
    outcome of a call admitted just before the failure reaches the audit log.

Each test gets a database of its own on the shared test server ($GATEHOUSE_TEST_POSTGRES_URL,
else `scripts/postgres start`); the failure test runs a cluster of its own that it stops.
Run alone: scripts/test-replicas
"""
from __future__ import annotations

import asyncio
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from call_load import tool_calls
from harness import Gateway, GatewayConfig, RawMCP, read_call_log, result_text, wait_until
from postgres_support import PrivateCluster, fresh_database, postgres_missing_reason, shared_server_url

pytestmark = pytest.mark.skipif(postgres_missing_reason() is not None, reason=postgres_missing_reason() or "")

RATE_POLICY = {
    "version": "1", "default": "deny",
    "tools": {
        "echo": {"limits": [{"counter": "echo_rate", "window": "minute", "max": 30, "scope": "grant"}]},
        # A spend cap: each call adds its `size`; 30 calls of 3 fill the budget of 90.
        "big_text": {"limits": [{"counter": "spend", "window": "minute", "max": 90, "scope": "global",
                                 "increment_from": "args.size"}]},
        "sleep": {},
    },
}


ADMIN_TOKEN = "replicas-admin-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture(scope="module")
def postgres_server() -> str:
    return shared_server_url()


@pytest.fixture
def database(postgres_server: str) -> Iterator[str]:
    with fresh_database(postgres_server) as url:
        yield url


def replica_config(tmp_path: Path, name: str, store: str, call_log: Path) -> GatewayConfig:
    """The same gatehouse.json for every replica, in a folder of its own (its own log file)."""
    directory = tmp_path / name
    directory.mkdir()
    config = GatewayConfig(directory=directory, extra={"store": store, "adminToken": ADMIN_TOKEN})
    config.add_rich_stdio("rich", call_log=call_log, policy=RATE_POLICY)
    return config


def start_replicas(gateway: Any, tmp_path: Path, store: str, call_log: Path, names: tuple[str, ...] = ("a", "b")) -> list[Gateway]:
    return [gateway(replica_config(tmp_path, name, store, call_log), extra_args=["--replica-id", name]) for name in names]


# --------------------------------------------------------------------------- load

def open_sessions(gw: Gateway, token: str, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        raw = RawMCP(gw.url("rich"), token=token)
        raw.initialize()
        assert raw.session_id
        ids.append(raw.session_id)
        raw.close()
    return ids


def verdicts(results: list[dict[str, Any]]) -> Counter:
    counts: Counter = Counter()
    for result in results:
        if not result.get("isError"):
            counts["allowed"] += 1
        elif "rate limit" in result_text(result).lower() or "budget" in result_text(result).lower():
            counts["rate_limited"] += 1
        else:
            counts["other: " + result_text(result)[:120]] += 1
    return counts


def targets_over(replicas: list[Gateway], token: str, sessions_each: int) -> list[tuple[str, str]]:
    return [(gw.url("rich"), session) for gw in replicas for session in open_sessions(gw, token, sessions_each)]


# --------------------------------------------------------------------------- exactness

@pytest.mark.parametrize(("tool", "arguments", "expected_calls"), [
    ("echo", {"text": "hi"}, 30),
    ("big_text", {"size": 3}, 30),
], ids=["rate-limit", "spend-cap"])
def test_two_replicas_admit_exactly_the_limit_in_total(gateway: Any, tmp_path: Path, database: str, tool: str,
                                                       arguments: dict[str, Any], expected_calls: int) -> None:
    call_log = tmp_path / "calls.jsonl"
    replicas = start_replicas(gateway, tmp_path, database, call_log)
    grant = replicas[0].grant("agent", ["rich"])
    targets = targets_over(replicas, grant.token, sessions_each=2)

    load = asyncio.run(tool_calls(targets, grant.token, tool, arguments, calls=2000, connections=64))

    counts = verdicts(load.results)
    assert counts == Counter({"allowed": expected_calls, "rate_limited": 2000 - expected_calls}), f"{counts} in {load.elapsed:.1f}s"
    upstream_calls = [entry for entry in read_call_log(call_log) if entry.get("tool", entry.get("name")) == tool]
    assert len(upstream_calls) == expected_calls
    rows = [r for r in replicas[1].audit() if r["kind"] == "tool_call" and r["tool"] == tool]
    assert Counter(r["decision"] for r in rows) == Counter({"allow": expected_calls, "rate_limited": 2000 - expected_calls})
    assert list(tmp_path.rglob("*.sqlite*")) == [], "with a PostgreSQL store, nothing is written to SQLite"


# --------------------------------------------------------------------------- policies

def test_a_policy_applied_through_one_replica_is_in_force_on_the_other(gateway: Any, tmp_path: Path, database: str) -> None:
    a, b = start_replicas(gateway, tmp_path, database, tmp_path / "calls.jsonl")
    grant = a.grant("agent", ["rich"])
    raw = RawMCP(b.url("rich"), token=grant.token)
    raw.initialize()
    assert call(raw, "echo", {"text": "allowed"}).get("isError") is not True

    read_only = {"version": "1", "default": "deny", "tools": {"sleep": {}}}
    put = httpx.put(f"{a.base_url}/api/servers/rich/policy", headers=ADMIN, timeout=10,
                    json={"policy": read_only, "by": "alice", "comment": "only sleep"})
    assert put.status_code == 200, put.text
    version = put.json()["version"]

    wait_until(lambda: call(raw, "echo", {"text": "denied?"}).get("isError") is True,
               what="replica b never put the policy applied through replica a in force", interval=0.2)
    in_force = httpx.get(f"{b.base_url}/api/servers/rich/policy", timeout=10).json()
    assert in_force["source"]["kind"] == "api" and in_force["source"]["version"] == version
    assert json.loads((tmp_path / "b" / "policy-rich.json").read_text()) == read_only
    history = httpx.get(f"{b.base_url}/api/servers/rich/policy/history", headers=ADMIN, timeout=10).json()
    assert [(v["version"], v["by"]) for v in history["versions"]][0] == (version, "alice")
    raw.close()
    assert list(tmp_path.rglob("*.sqlite*")) == []


# --------------------------------------------------------------------------- sessions

def test_a_session_sent_to_the_other_replica_gets_404_naming_the_routing_rule(gateway: Any, tmp_path: Path, database: str) -> None:
    call_log = tmp_path / "calls.jsonl"
    a, b = start_replicas(gateway, tmp_path, database, call_log)
    grant = a.grant("agent", ["rich"])
    raw = RawMCP(a.url("rich"), token=grant.token)
    raw.initialize()
    assert raw.session_id and raw.session_id.startswith("a.")

    raw.url = b.url("rich")
    reply = raw.post({"jsonrpc": "2.0", "id": 9, "method": "tools/list"})
    assert reply.status == 404
    message = json.loads(reply.body)["error"]["message"]
    assert "not held by this replica (b)" in message
    assert "replica a" in message and "Mcp-Session-Id" in message and "sticky" in message

    raw.url = a.url("rich")
    assert raw.post({"jsonrpc": "2.0", "id": 10, "method": "tools/list"}).status == 200
    raw.close()


def test_an_unknown_session_without_a_replica_prefix_gets_the_plain_404(gateway: Any, tmp_path: Path, database: str) -> None:
    (b,) = start_replicas(gateway, tmp_path, database, tmp_path / "calls.jsonl", names=("b",))
    grant = b.grant("agent", ["rich"])
    raw = RawMCP(b.url("rich"), token=grant.token)
    raw.initialize()
    reply = raw.post({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}, headers={"Mcp-Session-Id": "0123456789abcdef"})
    assert reply.status == 404
    message = json.loads(reply.body)["error"]["message"]
    assert "Session not found" in message and "initialize" in message
    raw.close()


# --------------------------------------------------------------------------- the database goes down

@pytest.fixture
def private_cluster() -> Iterator[PrivateCluster]:
    # Under /tmp itself: the server runs as the postgres user, which cannot enter pytest's tmp_path.
    cluster = PrivateCluster(Path(tempfile.mkdtemp(prefix="gatehouse-pg-")))
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.remove()


def health(gw: Gateway) -> httpx.Response:
    return httpx.get(f"{gw.base_url}/healthz", timeout=10)


def call(raw: RawMCP, tool: str, arguments: dict[str, Any], timeout: float = 20) -> dict[str, Any]:
    rid = raw.next_id()
    reply = raw.post({"jsonrpc": "2.0", "id": rid, "method": "tools/call",
                      "params": {"name": tool, "arguments": arguments}}, timeout=timeout)
    assert reply.status == 200, reply.body[:300]
    response = reply.response_for(rid)
    assert response is not None and "result" in response, f"no result: {reply.body[:300]!r}"
    return response["result"]


def test_database_down_fails_closed_and_service_resumes_by_itself(gateway: Any, tmp_path: Path,
                                                                  private_cluster: PrivateCluster) -> None:
    call_log = tmp_path / "calls.jsonl"
    (gw,) = start_replicas(gateway, tmp_path, private_cluster.url, call_log, names=("a",))
    grant = gw.grant("agent", ["rich"])
    raw = RawMCP(gw.url("rich"), token=grant.token, timeout=30)
    raw.initialize()
    assert call(raw, "echo", {"text": "before"}).get("isError") is not True
    assert health(gw).status_code == 200

    # A call admitted (audited) just before the failure, finishing while the database is down.
    async def slow_call_across_the_outage() -> dict[str, Any]:
        return await asyncio.to_thread(call, raw, "sleep", {"seconds": 1.5})

    async def outage() -> dict[str, Any]:
        pending = asyncio.create_task(slow_call_across_the_outage())
        # The database goes once the call has reached the upstream: admitted, and still running.
        await asyncio.to_thread(wait_until, lambda: any(e.get("tool") == "sleep" for e in read_call_log(call_log)),
                                what="the slow call never reached the upstream", interval=0.02)
        private_cluster.stop()
        return await pending

    finished = asyncio.run(outage())
    assert finished.get("isError") is not True, result_text(finished)

    logged_before = gw.log_path.stat().st_size
    refused = call(raw, "echo", {"text": "during"})
    assert refused.get("isError") is True
    assert "policy state unavailable" in result_text(refused)
    # Every database operation is bounded by a deadline; a refusal that waited for the database
    # would have run into it, and the gateway logs each store error it refuses a call for.
    with gw.log_path.open("rb") as log:
        log.seek(logged_before)
        waited = [line for line in log.read().decode(errors="replace").splitlines() if "no answer from the database within" in line]
    assert waited == [], f"a refusal must not wait for the database: {waited}"
    unlimited = call(raw, "sleep", {"seconds": 0})
    assert unlimited.get("isError") is True and "policy state unavailable" in result_text(unlimited)

    down = health(gw)
    assert down.status_code == 503
    assert down.json()["store"]["status"] == "down"
    assert [e for e in read_call_log(call_log) if e.get("arguments", {}).get("text") == "during"] == []

    private_cluster.start()
    wait_until(lambda: health(gw).status_code == 200, what="the gateway did not reconnect by itself", interval=0.2)
    resumed = call(raw, "echo", {"text": "after"})
    assert resumed.get("isError") is not True, result_text(resumed)
    raw.close()

    rows: list[dict[str, Any]] = []

    def slow_and_refused() -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
        rows[:] = [r for r in gw.audit() if r["kind"] == "tool_call"]
        slow = [r for r in rows if r["tool"] == "sleep" and r["decision"] == "allow" and r.get("outcome") == "ok"]
        refusals = [r for r in rows if r["decision"] == "deny" and "policy state unavailable" in (r.get("reason") or "")]
        return (slow, refusals) if slow and len(refusals) >= 2 else None

    # The outcome of the call admitted before the outage, and the refusals, are written once the database is back.
    slow, refusals = wait_until(slow_and_refused, what=lambda: f"the outcome of the call admitted before the outage, "
                                f"or the refusals during it, were lost: {rows}", interval=0.2)
    # The calls refused during the outage are recorded once the database is back.
    assert {r["tool"] for r in refusals} == {"echo", "sleep"}, rows


def test_a_gateway_stopped_during_an_outage_writes_what_it_spooled_after_the_next_start(
        gateway: Any, tmp_path: Path, private_cluster: PrivateCluster) -> None:
    (gw,) = start_replicas(gateway, tmp_path, private_cluster.url, tmp_path / "calls.jsonl", names=("a",))
    grant = gw.grant("agent", ["rich"])
    raw = RawMCP(gw.url("rich"), token=grant.token, timeout=30)
    raw.initialize()
    assert call(raw, "echo", {"text": "before"}).get("isError") is not True

    private_cluster.stop()
    refused = call(raw, "sleep", {"seconds": 0})
    assert refused.get("isError") is True and "policy state unavailable" in result_text(refused)
    raw.close()
    # The refusal is on disk before the agent hears of it, whatever happens to the process next.
    spool = gw.data_dir / "audit-spool-a.jsonl"
    assert spool.exists() and "policy state unavailable" in spool.read_text()
    backlog = health(gw).json()["audit"]
    assert backlog["queuedRows"] >= 1 and backlog["spool"] == str(spool), backlog
    gw.stop()

    private_cluster.start()
    gw.start()
    def spooled_refusals() -> list[dict[str, Any]]:
        refusals = [r for r in gw.audit() if r["kind"] == "tool_call" and r["tool"] == "sleep" and r["decision"] == "deny"]
        return refusals if refusals and not spool.exists() else []

    refusals = wait_until(spooled_refusals, what="the spooled refusal was not written, or the spool not removed", interval=0.2)
    assert len(refusals) == 1, f"the spooled refusal was not written exactly once: {refusals}"
    assert "policy state unavailable" in (refusals[0].get("reason") or "")
    assert not spool.exists(), "the spool was not removed once the database had everything"


# --------------------------------------------------------------------------- 2026-07-28, no affinity

def test_one_2026_07_28_client_round_robin_over_two_replicas_gets_exactly_the_limit(
        gateway: Any, tmp_path: Path, database: str) -> None:
    """The official mcp client in mode 2026-07-28 behind a round-robin balancer (no affinity: every
    POST goes to the next replica): 200 calls against max 30 a minute admit exactly 30."""
    import itertools

    import anyio
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    call_log = tmp_path / "calls.jsonl"
    replicas = start_replicas(gateway, tmp_path, database, call_log)
    grant = replicas[0].grant("agent", ["rich"])
    ports = [int(gw.base_url.rsplit(":", 1)[1]) for gw in replicas]

    class RoundRobin(httpx2.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx2.AsyncHTTPTransport()
            self.next = itertools.cycle(ports)
            self.seen: Counter = Counter()

        async def handle_async_request(self, request: Any) -> Any:
            port = next(self.next)
            self.seen[port] += 1
            request.url = request.url.copy_with(port=port)
            return await self.inner.handle_async_request(request)

        async def aclose(self) -> None:
            await self.inner.aclose()

    balancer = RoundRobin()

    async def run() -> Counter:
        counts: Counter = Counter()
        headers = {"Authorization": f"Bearer {grant.token}"}
        async with httpx2.AsyncClient(transport=balancer, headers=headers, timeout=httpx2.Timeout(30)) as http:
            async with Client(streamable_http_client(replicas[0].url("rich"), http_client=http), mode="2026-07-28") as client:
                with anyio.fail_after(120):
                    for _ in range(200):
                        result = await client.call_tool("echo", {"text": "hi"})
                        counts[verdicts([result.model_dump(by_alias=True)]).most_common(1)[0][0]] += 1
        return counts

    counts = anyio.run(run)
    assert counts == Counter({"allowed": 30, "rate_limited": 170}), counts
    assert set(balancer.seen) == set(ports) and min(balancer.seen.values()) >= 100, balancer.seen
    assert len([e for e in read_call_log(call_log) if e.get("tool", e.get("name")) == "echo"]) == 30
    rows = [r for r in replicas[1].audit() if r["kind"] == "tool_call" and r["tool"] == "echo"]
    assert Counter(r["decision"] for r in rows) == Counter({"allow": 30, "rate_limited": 170})
    assert not [r for r in replicas[0].audit() if r["kind"] == "session_opened"], "no session anywhere"
