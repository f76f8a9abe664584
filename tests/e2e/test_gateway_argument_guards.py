"""Path and URL guards through the real gateway, tried as an attacker would: a regex on the raw
string lets a percent-encoded traversal reach the server (which then reads a file outside its
directory); `path_within` and `url_host_in` refuse it, and the upstream -- which records every
call it receives -- never sees the refused calls.
"""
from __future__ import annotations

import re
from pathlib import Path

import anyio
import pytest

from harness import GatewayConfig, mcp_session, read_call_log, result_text

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A documents directory with one report, and a secret beside it (outside it)."""
    directory = tmp_path / "docs"
    directory.mkdir()
    (directory / "report.txt").write_text("quarterly report")
    (tmp_path / "secret.txt").write_text("the secret outside docs")
    return directory


async def test_a_regex_on_the_raw_uri_lets_the_traversal_through(gateway, gateway_config: GatewayConfig,
                                                                  call_log: Path, docs: Path) -> None:
    # The policy people write first -- and why the parsing operators exist.
    pattern = "^" + re.escape(f"file://{docs}/") + "[^/]+$"
    policy = {"version": "1", "default": "deny", "tools": {"read_uri": {
        "conditions": [{"path": "args.uri", "op": "regex", "value": pattern}]}}}
    gateway_config.add_rich_stdio("files", call_log=call_log, policy=policy)
    gw = gateway()
    grant = gw.grant("reader", ["files"])
    async with mcp_session(gw.url("files"), token=grant.token) as s:
        with anyio.fail_after(30):
            leaked = await s.call_tool("read_uri", {"uri": f"file://{docs}/..%2fsecret.txt"})
    assert not leaked.is_error and result_text(leaked) == "the secret outside docs"


async def test_path_within_refuses_the_traversal_before_it_reaches_the_server(gateway, gateway_config: GatewayConfig,
                                                                              call_log: Path, docs: Path) -> None:
    policy = {"version": "1", "default": "deny", "tools": {"read_uri": {
        "reason": "Documents are read from the docs directory only.",
        "conditions": [{"path": "args.uri", "op": "path_within", "value": [str(docs)]}]}}}
    gateway_config.add_rich_stdio("files", call_log=call_log, policy=policy)
    gw = gateway()
    grant = gw.grant("reader", ["files"])
    attacks = [f"file://{docs}/..%2fsecret.txt", f"file://{docs}/%2e%2e/secret.txt", f"{docs}/../secret.txt",
               f"file://{docs}/%252e%252e%252fsecret.txt", f"file://localhost{docs}/..%2F..%2F{docs.parent.name}/secret.txt",
               f"{docs}/....//secret.txt", f"{docs}/report.txt%00"]
    async with mcp_session(gw.url("files"), token=grant.token) as s:
        with anyio.fail_after(30):
            allowed = await s.call_tool("read_uri", {"uri": f"file://{docs}/report.txt"})
            assert not allowed.is_error and result_text(allowed) == "quarterly report"
            for uri in attacks:
                refused = await s.call_tool("read_uri", {"uri": uri})
                assert refused.is_error, uri
                text = result_text(refused)
                assert "Documents are read from the docs directory only." in text and "secret" not in text, text
    assert [e["arguments"]["uri"] for e in read_call_log(call_log)] == [f"file://{docs}/report.txt"]
    rows = [r for r in gw.audit() if r["kind"] == "tool_call"]
    decisions = [r["decision"] for r in rows]
    assert decisions.count("allow") == 1 and decisions.count("deny") == len(attacks) == len(rows) - 1
    assert {r["rule"] for r in rows if r["decision"] == "deny"} == {"/tools/read_uri"}
    assert not any("secret" in (r["reason"] or "") for r in rows)


async def test_url_host_in_refuses_host_confusion_before_it_reaches_the_server(gateway, gateway_config: GatewayConfig,
                                                                               call_log: Path) -> None:
    policy = {"version": "1", "default": "deny", "tools": {"fetch_url": {
        "conditions": [{"path": "args.url", "op": "url_scheme_in", "value": ["https"]},
                       {"path": "args.url", "op": "url_host_in", "value": ["good.example", "*.cdn.example"]}]}}}
    gateway_config.add_rich_stdio("web", call_log=call_log, policy=policy)
    gw = gateway()
    grant = gw.grant("fetcher", ["web"])
    allowed = ["https://good.example/page", "https://evil.example@good.example/", "https://img.cdn.example/a.png",
               "HTTPS://GOOD.EXAMPLE./"]
    attacks = ["https://good.example@evil.example/", "https://good.example.evil.example/", "https://0x7f.1/",
               "https://[::ffff:127.0.0.1]/", "https://good.example\\@evil.example/", "http://good.example/",
               "https://good.example%2f@evil.example/", "https://cdn.example/", "https://go\tod.example/"]
    async with mcp_session(gw.url("web"), token=grant.token) as s:
        with anyio.fail_after(30):
            for url in allowed:
                result = await s.call_tool("fetch_url", {"url": url})
                assert not result.is_error and result_text(result) == f"fetched {url}", url
            for url in attacks:
                refused = await s.call_tool("fetch_url", {"url": url})
                assert refused.is_error and "(policy rule /tools/fetch_url)" in result_text(refused), url
    assert [e["arguments"]["url"] for e in read_call_log(call_log)] == allowed
