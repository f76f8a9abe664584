#!/usr/bin/env python3
"""Replica load benchmark for scripts/bench-replicas: the same upstream and policy behind

  sqlite x1     one gateway, SQLite state (the embedded default)
  postgres x1   one gateway, PostgreSQL state
  postgres x2   two gateways sharing one PostgreSQL database, the load split evenly

in two modes: `allowed` (a limit too high to trigger: every call reserves a unit of the same
grant-scoped counter, under its lock, and is forwarded) and `refused` (max 30 a minute: the
first 30 calls of the first round pass, every later one is rate-limited and never reaches the
upstream — an agent hammering an exhausted limit).
Calls/s and p50/p99 latency per configuration, medians over interleaved rounds (a shared
machine's speed drifts, so the configurations take turns). Uses the e2e harness (tests/e2e) to
run the gateways and tests/e2e/call_load.py to drive raw HTTP keep-alive connections.

  replicas.py --binary .build/release/gatehouse --postgres URL [-n 3000] [--rounds 3] [--connections 16]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import signal
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from call_load import tool_calls  # noqa: E402
from harness import PYTHON, Gateway, GatewayConfig, RawMCP  # noqa: E402
from postgres_support import fresh_database, psql  # noqa: E402

ECHO = ROOT.parent / "shared" / "bench" / "echo_server.py"


def policy(max_calls: int) -> dict:
    return {"version": "1", "default": "deny",
            "tools": {"echo": {"limits": [{"counter": "echo_rate", "window": "minute", "max": max_calls, "scope": "grant"}]}}}


def start(name: str, work: Path, binary: Path, store: str | None, max_calls: int, echo: Path) -> Gateway:
    directory = work / name
    directory.mkdir(parents=True)
    extra = {"limits": {"maxSessionsPerGrant": 64}}
    if store:
        extra["store"] = store
    config = GatewayConfig(directory=directory, extra=extra)
    config.add_stdio("echo", PYTHON, [str(echo), "--transport", "stdio"], policy=policy(max_calls))
    gateway = Gateway(config, binary=binary, extra_args=["--replica-id", name, "--log-level", "warning", "--no-generate"],
                      check_leaks=False)
    return gateway.start()


def sessions(gateways: list[Gateway], token: str, each: int) -> list[tuple[str, str]]:
    targets = []
    for gateway in gateways:
        for _ in range(each):
            raw = RawMCP(gateway.url("echo"), token=token)
            raw.initialize()
            targets.append((gateway.url("echo"), raw.session_id))
            raw.close()
    return targets


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_once(targets: list[tuple[str, str]], token: str, n: int, connections: int) -> dict:
    load = asyncio.run(tool_calls(targets, token, "echo", {"text": "hello"}, calls=n, connections=connections))
    allowed = sum(1 for r in load.results if not r.get("isError"))
    return {"calls_per_s": n / load.elapsed, "p50_ms": percentile(load.latencies, 50) * 1e3,
            "p99_ms": percentile(load.latencies, 99) * 1e3, "allowed": allowed, "n": n}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True, type=Path)
    ap.add_argument("--postgres", required=True, help="a PostgreSQL server URL (a database of its own is created)")
    ap.add_argument("-n", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--modes", nargs="+", default=["allowed", "refused"])
    ap.add_argument("--jsonl", default="/tmp/gatehouse-bench-replicas.jsonl")
    a = ap.parse_args()
    # SIGTERM (a timeout, an interrupted run) still stops the gateways it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    echo = ECHO if ECHO.exists() else ROOT / "tests" / "e2e" / "fixtures" / "rich_server.py"
    Path(a.jsonl).unlink(missing_ok=True)
    summary: dict[tuple[str, str], list[dict]] = {}
    for mode in a.modes:
        max_calls = 100_000_000 if mode == "allowed" else 30
        with tempfile.TemporaryDirectory(prefix="gatehouse-bench-replicas-") as tmp, \
                fresh_database(a.postgres) as pg1, fresh_database(a.postgres) as pg2:
            work = Path(tmp)
            setups = {
                "sqlite x1": ([start(f"sqlite-{mode}", work, a.binary, None, max_calls, echo)], None),
                "postgres x1": ([start(f"pg1-{mode}", work, a.binary, pg1, max_calls, echo)], pg1),
                "postgres x2": ([start(f"pg2a-{mode}", work, a.binary, pg2, max_calls, echo),
                                 start(f"pg2b-{mode}", work, a.binary, pg2, max_calls, echo)], pg2),
            }
            try:
                prepared = {}
                for label, (gateways, url) in setups.items():
                    token = gateways[0].grant("bench", ["echo"]).token
                    prepared[label] = (sessions(gateways, token, 8 // len(gateways)), token, url, gateways)
                for round_index in range(a.rounds):
                    for label, (targets, token, _, _) in prepared.items():
                        run = run_once(targets, token, a.n, a.connections)
                        run.update(mode=mode, config=label, round=round_index)
                        with open(a.jsonl, "a") as f:
                            f.write(json.dumps(run) + "\n")
                        print(f"round {round_index + 1} {mode:8} {label:12} {run['calls_per_s']:7.0f} calls/s  "
                              f"p50 {run['p50_ms']:6.2f} ms  p99 {run['p99_ms']:7.2f} ms  allowed {run['allowed']}", file=sys.stderr)
                        summary.setdefault((mode, label), []).append(run)
                database = pg2.rsplit("/", 1)[1]
                connections = psql(pg2, f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}'").strip()
                print(f"{mode}: PostgreSQL connections held by the two replicas: {connections}", file=sys.stderr)
            finally:
                for gateways, _ in setups.values():
                    for gateway in gateways:
                        gateway.stop(check_leaks=False)
    print(f"\nmedians of {a.rounds} interleaved rounds, {a.n} calls each, {a.connections} connections, 8 sessions")
    print("| mode | configuration | calls/s | p50 ms | p99 ms |")
    print("| --- | --- | --- | --- | --- |")
    for (mode, label), runs in summary.items():
        med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
        print(f"| {mode} | {label} | {med('calls_per_s'):,.0f} | {med('p50_ms'):.2f} | {med('p99_ms'):.2f} |")


if __name__ == "__main__":
    main()
