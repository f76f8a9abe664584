#!/usr/bin/env python3
"""Interleaved load runs for scripts/bench-gateway, on top of ../shared/bench/mcp_load.py.

On a shared machine the speed drifts by up to 2x within minutes, so measuring one target after
the other compares machines, not proxies. Here every round runs each target once at each
concurrency, in turn (waiting briefly for the machine to calm down before each run, with
bench_matrix.py's wait_quiet), and the medians over the rounds are compared.

  interleave.py --bench ../shared/bench --rounds 3 -n 2000 --conc 1 16 --jsonl runs.jsonl \
      --target 'direct|http://127.0.0.1:9100/mcp||echo=123' \
      --target 'gatehouse|http://127.0.0.1:8080/mcp/echo|Bearer T|gatehouse=456' ...

A target is LABEL|URL|AUTH|NAME=PID[,NAME=PID][|CLIENT]; the proxy's own CPU per call is the
figure of the PID named after the label. CLIENT `stateless` drives the target with
stateless_load.py (2026-07-28: no initialize, no session) instead of mcp_load.py.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True, help="the ../shared/bench folder")
    ap.add_argument("--target", action="append", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--conc", type=int, nargs="+", default=[1, 16])
    ap.add_argument("--quiet-wait", type=float, default=20.0)
    ap.add_argument("--quiet-pct", type=float, default=15.0)
    ap.add_argument("--jsonl", required=True)
    a = ap.parse_args()
    sys.path.insert(0, a.bench)
    from bench_matrix import wait_quiet  # noqa: E402 -- the rulers' own idle check

    targets = []
    for spec in a.target:
        label, url, auth, pids, *client = spec.split("|")
        targets.append({"label": label, "url": url, "auth": auth, "pids": [p for p in pids.split(",") if p],
                        "client": client[0] if client else "sessions"})
    results: dict[tuple[str, int], list[dict]] = {}
    for round_index in range(a.rounds):
        for c in a.conc:
            for t in targets:
                wait_quiet(a.quiet_wait, a.quiet_pct)
                load = [f"{a.bench}/mcp_load.py"]
                if t["client"] == "stateless":
                    load = [f"{__file__.rsplit('/', 1)[0]}/stateless_load.py", "--bench", a.bench]
                cmd = [sys.executable, *load, t["url"], "--tool", "echo", "--args", '{"text": "hello"}',
                       "-n", str(a.n), "-c", str(c), "--expect-text", "hello"]
                if t["auth"]:
                    cmd += ["--auth", t["auth"]]
                for pid in t["pids"]:
                    cmd += ["--server-pid", pid]
                done = subprocess.run(cmd, capture_output=True, text=True)
                try:
                    run = json.loads(done.stdout.strip().splitlines()[-1])
                except (IndexError, ValueError):
                    sys.exit(f"mcp_load failed for {t['label']} (rc={done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
                run.update(label=t["label"], round=round_index)
                with open(a.jsonl, "a") as f:
                    f.write(json.dumps(run) + "\n")
                cpu = run.get("server_cpu_ms_per_call", {}).get(t["label"])
                print(f"# round {round_index} {t['label']:<10} c={c:<2} {run['calls_per_s']:7.1f} calls/s  p50 {run['latency_ms']['p50']:7.2f} ms"
                      f"  proxy CPU {cpu if cpu is not None else '-'} ms/call  other {run.get('other_cpu_pct')} %", file=sys.stderr, flush=True)
                results.setdefault((t["label"], c), []).append(run)

    def med(runs: list[dict], get) -> float | None:
        values = [v for v in (get(r) for r in runs) if v is not None]
        return statistics.median(values) if values else None

    fmt = lambda v, d=2: "–" if v is None else f"{v:.{d}f}"  # noqa: E731
    print(f"\n| target | c | calls/s | p50 ms | p99 ms | proxy CPU ms/call | other CPU % | errors | rounds |")
    print("|---|---|---|---|---|---|---|---|---|")
    for c in a.conc:
        for t in targets:
            runs = results[(t["label"], c)]
            cpu = med(runs, lambda r: r.get("server_cpu_ms_per_call", {}).get(t["label"]))
            print(f"| {t['label']} | {c} | {fmt(med(runs, lambda r: r['calls_per_s']), 0)} | {fmt(med(runs, lambda r: r['latency_ms']['p50']))} "
                  f"| {fmt(med(runs, lambda r: r['latency_ms']['p99']))} | {fmt(cpu, 3)} | {fmt(med(runs, lambda r: r.get('other_cpu_pct')), 1)} "
                  f"| {sum(r['errors'] for r in runs)} | {len(runs)} |")
    print_differences(targets, results, a.conc, med)


def print_differences(targets: list[dict], results: dict, conc: list[int], med) -> None:
    """Each proxy's p50 over the `direct` target's, and its CPU per call over the `floor`'s (when
    those targets ran): the two figures the gateway's targets are stated in."""
    labels = [t["label"] for t in targets]
    print()
    for c in conc:
        p50 = {label: med(results[(label, c)], lambda r: r["latency_ms"]["p50"]) for label in labels}
        cpu = {label: med(results[(label, c)], lambda r, l=label: r.get("server_cpu_ms_per_call", {}).get(l)) for label in labels}
        for label in labels:
            parts = []
            if "direct" in p50 and label != "direct":
                parts.append(f"p50 {p50[label] - p50['direct']:+.2f} ms over direct")
            if cpu.get("floor") is not None and cpu[label] is not None and label != "floor":
                parts.append(f"CPU {cpu[label] - cpu['floor']:+.3f} ms/call over floor")
            if parts:
                print(f"c={c:<2} {label:<10} " + ", ".join(parts))


if __name__ == "__main__":
    main()
