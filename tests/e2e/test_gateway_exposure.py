"""What the gateway keeps, and who can see it (issue 12, items 6-9 and 14): secrets in arguments
redacted by value wherever rows are shown, state files private whatever the umask, every 401
and 403 audited (coalesced, never with the token), argument digests keyed per installation,
and an upstream's raw control bytes escaped in the log. Against the real binary and a stdio
upstream that records what it received (the redaction is of the record, not of the call).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from harness import PYTHON, RICH_SERVER, GatewayConfig, RawMCP, read_call_log, result_text, wait_until

pytestmark = [pytest.mark.gateway]

ADMIN = "exposure-admin-token-0123456789"
POLICY = {"version": "1", "default": "deny", "tools": {"echo": {}}}
# Real-shaped, not real.
AWS_KEY = "AKIAK66ZUI982CXEX0CE"
GITHUB = "ghp_0Zx72nG4SAl8Lntd0wIjF6X8JEviidNk7j1I"
SECRETS = [AWS_KEY, GITHUB, "s3cr3t-P4ss", "abc123DEF456ghi", "hunter2-db", "sk_live_rfWHLLJh0pqxi3bzcQcnQjuH"]
ARGUMENTS = {
    "text": f"deploy with {AWS_KEY} and postgres://app:s3cr3t-P4ss@db.internal/prod",
    "url": "https://api.example.com/v1?access_token=abc123DEF456ghi&limit=10",
    "db_pass": "hunter2-db",
    "nested": {"note": f"token {GITHUB}", "values": ["sk_live_rfWHLLJh0pqxi3bzcQcnQjuH", "3f2504e0-4f89-41d3-9a0c-0305e82c3301"]},
}


def audit_rows(gw, **filters) -> list[dict]:
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    reply = httpx.get(f"{gw.base_url}/api/audit?limit=1000&{query}", headers={"Authorization": f"Bearer {ADMIN}"}, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json()


def echo_gateway(gateway, gateway_config: GatewayConfig, call_log: Path, **kwargs):
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gateway_config.extra["adminToken"] = ADMIN
    gw = gateway(**kwargs)
    return gw, gw.grant("agent", ["rich"])


# --------------------------------------------------------------------------- item 6
def test_secrets_in_arguments_are_redacted_by_value_in_rows_api_cli_and_log(gateway, gateway_config, call_log) -> None:
    gw, grant = echo_gateway(gateway, gateway_config, call_log)
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        raw.call_tool("echo", {"text": "warm-up"})
        reply = raw.request("tools/call", {"name": "echo", "arguments": ARGUMENTS})
        assert AWS_KEY in result_text(reply["result"]), "the upstream gets the call as sent"
    received = [entry for entry in read_call_log(call_log) if entry.get("tool") == "echo"]
    assert any(entry.get("arguments") == ARGUMENTS for entry in received), received

    rows = wait_until(lambda: [r for r in audit_rows(gw, tool="echo") if r.get("arguments") and "nested" in r["arguments"]],
                      what="the call's row is not in /api/audit", interval=0.1)
    recorded = json.dumps(rows[0]["arguments"])
    for secret in SECRETS:
        assert secret not in recorded, f"/api/audit keeps {secret}: {recorded}"
    assert rows[0]["arguments"]["db_pass"] == "[redacted]"
    assert rows[0]["arguments"]["text"] == "deploy with [redacted] and postgres://app:[redacted]@db.internal/prod"
    assert rows[0]["arguments"]["url"] == "https://api.example.com/v1?access_token=[redacted]&limit=10"
    assert "3f2504e0-4f89-41d3-9a0c-0305e82c3301" in recorded, "look-alikes are kept"

    cli_json = json.dumps(gw.audit())
    table = gw.cli("audit", "--data", str(gw.data_dir), "--limit", "100").stdout
    sqlite = b"".join(p.read_bytes() for p in gw.data_dir.glob("gatehouse.sqlite*"))
    for secret in SECRETS:
        assert secret not in cli_json and secret not in table, f"gatehouse audit shows {secret}"
        assert secret.encode() not in sqlite, f"the SQLite files hold {secret} in clear"
        assert secret not in gw.log_text(), f"the log holds {secret}"


# --------------------------------------------------------------------------- item 7
def test_state_is_private_whatever_the_umask(gateway, gateway_config, call_log) -> None:
    previous = os.umask(0)  # the gateway inherits it: files it does not restrict come out 0666/0777
    try:
        gw, grant = echo_gateway(gateway, gateway_config, call_log)
        with RawMCP(gw.url("rich"), token=grant.token) as raw:
            raw.initialize()
            raw.call_tool("echo", {"text": "x"})
    finally:
        os.umask(previous)
    assert stat.S_IMODE(gw.data_dir.stat().st_mode) == 0o700
    files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in gw.data_dir.iterdir()}
    for name in ("gatehouse.sqlite", "gatehouse.sqlite-wal", "gatehouse.sqlite-shm", "argument-digest.key"):
        assert files.get(name) == 0o600, files
    assert all(mode == 0o600 for mode in files.values()), files
    assert "open to other users" not in gw.log_text()


def test_an_existing_data_folder_others_can_read_is_warned_about(gateway, gateway_config, call_log) -> None:
    data = gateway_config.directory / "wide-data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    gw, _ = echo_gateway(gateway, gateway_config, call_log, data_dir=data)
    log = gw.log_text()
    assert "open to other users (mode 755)" in log and f"chmod 700 {data}" in log, log[-2000:]


# --------------------------------------------------------------------------- item 8
def test_every_401_and_403_is_audited_coalesced_and_without_the_token(gateway, gateway_config, call_log) -> None:
    gateway_config.add_rich_stdio("other", call_log=call_log, policy=POLICY)
    gw, grant = echo_gateway(gateway, gateway_config, call_log)
    bad_token = "gh_" + "x" * 43
    with httpx.Client(timeout=10) as client:
        for _ in range(40):
            assert client.post(gw.url("rich"), json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
                               headers={"Authorization": f"Bearer {bad_token}"}).status_code == 401
        for _ in range(5):
            assert client.post(gw.url("rich"), json={"jsonrpc": "2.0", "id": 1, "method": "ping"}).status_code == 401
        assert client.post(gw.url("other"), json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
                           headers={"Authorization": f"Bearer {grant.token}"}).status_code == 403
        assert client.get(f"{gw.base_url}/api/audit?token=secret-in-query",
                          headers={"Authorization": "Bearer wrong-admin"}).status_code == 401
    rows: list[dict] = []

    def refused_count() -> int:
        rows[:] = audit_rows(gw, kind="access_refused")
        total = sum(r["detail"]["count"] for r in rows)
        return total if total >= 47 else 0

    total = wait_until(refused_count, what=lambda: f"fewer than 47 refusals recorded: {rows}", interval=0.1)
    assert total == 47, rows
    assert len(rows) <= 12, f"a flood is coalesced per source per second, not a row per request: {len(rows)} rows"
    for row in rows:
        assert row["detail"]["remoteAddress"] == "127.0.0.1"
        assert row["detail"]["status"] in (401, 403)
    forbidden = [r for r in rows if r["detail"]["status"] == 403]
    assert [(r["grant"], r["server"], r["detail"]["path"]) for r in forbidden] == [("agent", "other", "/mcp/other")]
    everything = json.dumps(rows) + gw.log_text()
    for secret in (bad_token, grant.token, "wrong-admin", "secret-in-query"):
        assert secret not in everything


# --------------------------------------------------------------------------- item 9
def test_argument_digests_are_keyed_per_installation_and_stable_across_restarts(gateway, gateway_config, call_log) -> None:
    gw, grant = echo_gateway(gateway, gateway_config, call_log)
    arguments = {"text": "1234"}
    canonical = json.dumps(arguments, separators=(",", ":"), sort_keys=True).encode()

    def digests() -> list[str]:
        with RawMCP(gw.url("rich"), token=grant.token) as raw:
            raw.initialize()
            raw.call_tool("echo", arguments)
        return [r["argumentsDigest"] for r in gw.audit() if r["kind"] == "tool_call"]

    first = digests()
    key_file = gw.data_dir / "argument-digest.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = bytes.fromhex(key_file.read_text().strip())
    assert len(key) == 32
    assert first[0] != hashlib.sha256(canonical).hexdigest(), "an unsalted SHA-256 lets a short secret be guessed offline"
    assert first[0] == hmac.new(key, canonical, hashlib.sha256).hexdigest()
    gw.stop()
    gw.proc = None
    gw.port = None
    gw.start()
    second = digests()
    assert second[0] == first[0], "a restart keeps the key: digests stay comparable"


# --------------------------------------------------------------------------- item 14
def test_an_upstreams_raw_control_bytes_are_escaped_in_the_log(gateway, gateway_config, call_log) -> None:
    noisy = ("printf 'noisy: nul[\\000] ff[\\377] clear[\\033[2J] title[\\033]0;owned\\007] cr[\\rfake line] "
             f"token[{GITHUB}]\\n' >&2; exec \"$0\" \"$@\"")
    gateway_config.add_stdio("noisy", "sh", ["-c", noisy, PYTHON, str(RICH_SERVER), "--transport", "stdio"],
                             env={"CALL_LOG": str(call_log)}, policy=POLICY)
    gw = gateway()
    grant = gw.grant("agent", ["noisy"])
    with RawMCP(gw.url("noisy"), token=grant.token) as raw:
        raw.initialize()
        assert result_text(raw.call_tool("echo", {"text": "hi"})["result"]) == "hi"
    wait_until(lambda: "noisy: nul" in gw.log_text(), what="the upstream's stderr line never reached the log")
    raw_log = gw.log_path.read_bytes()
    line = next(l for l in raw_log.split(b"\n") if b"noisy: nul" in l)
    assert b"\x00" not in raw_log and b"\x1b" not in raw_log and b"\xff" not in raw_log and b"\x07" not in raw_log
    assert b"\r" not in line
    assert (rb"nul[\x00] ff[\xff] clear[\x1b[2J] title[\x1b]0;owned\x07] cr[\rfake line] token[[redacted]]") in line, line
