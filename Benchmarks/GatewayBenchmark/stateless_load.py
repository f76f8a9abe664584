#!/usr/bin/env python3
"""A 2026-07-28 load client for scripts/bench-gateway: C workers, each POSTing `tools/call` with
the revision's headers and `_meta` -- no initialize, no session -- and the same JSON line as
../shared/bench/mcp_load.py (whose measuring helpers it uses), so interleave.py compares it with
the other targets.

  stateless_load.py --bench ../shared/bench URL --auth 'Bearer T' -n 2000 -c 16 --server-pid gatehouse=123
"""
from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time

VERSION = "2026-07-28"


async def run(args: argparse.Namespace) -> dict:
    sys.path.insert(0, args.bench)
    import aiohttp
    from mcp_load import machine_busy_s, parse_pids, percentile, pid_cpu_s, result_text

    tool_args = json.loads(args.args)
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
               "MCP-Protocol-Version": VERSION, "Mcp-Method": "tools/call", "Mcp-Name": args.tool}
    if args.auth:
        headers["Authorization"] = args.auth
    meta = {"io.modelcontextprotocol/protocolVersion": VERSION,
            "io.modelcontextprotocol/clientInfo": {"name": "stateless_load", "version": "1"},
            "io.modelcontextprotocol/clientCapabilities": {}}
    state = {"budget": 0, "record": False, "next_id": 0}
    lat_ok: list[float] = []
    counts = {"ok": 0, "err": 0}
    errors: dict[str, int] = {}
    samples: list[str] = []

    async def one_call(http: aiohttp.ClientSession) -> None:
        state["next_id"] += 1
        body = {"jsonrpc": "2.0", "id": state["next_id"], "method": "tools/call",
                "params": {"name": args.tool, "arguments": tool_args, "_meta": meta}}
        t0 = time.perf_counter()
        kind = None
        try:
            async with http.post(args.url, json=body) as resp:
                reply = await resp.json(content_type=None)
            if resp.status != 200 or "result" not in reply:
                kind, detail = f"http_{resp.status}", json.dumps(reply)[:200]
            elif reply["result"].get("isError"):
                kind, detail = "tool_error", result_text(reply["result"])[:200]
            elif args.expect_text is not None and result_text(reply["result"]) != args.expect_text:
                kind, detail = "unexpected_result", result_text(reply["result"])[:200]
        except Exception as e:  # noqa: BLE001 -- every failure is counted
            kind, detail = f"exc_{type(e).__name__}", str(e)[:200]
        dt = time.perf_counter() - t0
        if not state["record"]:
            return
        if kind is None:
            counts["ok"] += 1
            lat_ok.append(dt)
        else:
            counts["err"] += 1
            errors[kind] = errors.get(kind, 0) + 1
            if len(samples) < 5:
                samples.append(f"{kind}: {detail}")

    async def worker(http: aiohttp.ClientSession) -> None:
        while state["budget"] > 0:
            state["budget"] -= 1
            await one_call(http)

    async def phase(sessions: list, n: int, record: bool) -> float:
        state["budget"], state["record"] = n, record
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(s) for s in sessions))
        return time.perf_counter() - t0

    # One HTTP connection per worker, as one agent each (no session to open: nothing to initialize).
    sessions = [aiohttp.ClientSession(headers=headers, connector=aiohttp.TCPConnector(limit=1),
                                      timeout=aiohttp.ClientTimeout(total=60)) for _ in range(args.concurrency)]
    try:
        await phase(sessions, args.warmup, record=False)
        pids = parse_pids(args.server_pid)
        srv0 = {k: pid_cpu_s(v) for k, v in pids.items()}
        m0 = machine_busy_s()
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        elapsed = await phase(sessions, args.n, record=True)
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        m1 = machine_busy_s()
        srv1 = {k: pid_cpu_s(v) for k, v in pids.items()}
    finally:
        await asyncio.gather(*(s.close() for s in sessions))
    lat_ms = sorted(x * 1000.0 for x in lat_ok)
    calls = counts["ok"] + counts["err"]
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    rnd = lambda v: None if v is None else round(v, 3)  # noqa: E731
    ok_n = max(counts["ok"], 1)
    srv_ms = {k: round(1000.0 * (srv1[k] - srv0[k]) / ok_n, 3) for k in pids if srv0[k] is not None and srv1[k] is not None}
    extra: dict = {}
    if m0 is not None and m1 is not None and elapsed > 0:
        busy = m1 - m0
        extra["machine_busy_pct"] = round(100.0 * busy / elapsed, 1)
        if pids:
            extra["server_cpu_ms_per_call"] = srv_ms
            extra["other_cpu_pct"] = round(100.0 * max(0.0, busy - cpu - sum(srv1[k] - srv0[k] for k in srv_ms)) / elapsed, 1)
    return {
        "url": args.url, "client": "stateless", "mode": VERSION, "tool": args.tool, "n": args.n,
        "concurrency": args.concurrency, "warmup": args.warmup, "calls": calls, "ok": counts["ok"],
        "errors": counts["err"], "error_kinds": errors, "error_samples": samples, "elapsed_s": round(elapsed, 3),
        "calls_per_s": round(calls / elapsed, 1) if elapsed > 0 else None,
        "latency_ms": {"p50": rnd(percentile(lat_ms, 50)), "p90": rnd(percentile(lat_ms, 90)),
                       "p99": rnd(percentile(lat_ms, 99)), "max": rnd(lat_ms[-1] if lat_ms else None),
                       "mean": rnd(sum(lat_ms) / len(lat_ms) if lat_ms else None)},
        "client_cpu_pct": round(100.0 * cpu / elapsed, 1) if elapsed > 0 else None,
        **extra,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("url")
    p.add_argument("--bench", required=True, help="the ../shared/bench folder (mcp_load.py's helpers)")
    p.add_argument("--tool", default="echo")
    p.add_argument("--args", default='{"text": "hello"}')
    p.add_argument("-n", "--n", type=int, default=2000)
    p.add_argument("-c", "--concurrency", type=int, default=1)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--auth")
    p.add_argument("--expect-text")
    p.add_argument("--server-pid", action="append")
    args = p.parse_args()
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
