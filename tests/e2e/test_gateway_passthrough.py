"""Transparency: everything but tools/call decisions and tools/list filtering passes through the
gateway unchanged, both ways -- SSE with progress, logging, sampling, elicitation and roots
(server-to-client requests), resources and prompts -- for a stdio upstream and a Streamable HTTP
upstream, with the official SDK client on the agent side.
"""
from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest

from harness import GatewayConfig, RawMCP, Recorder, mcp_session, read_call_log, result_text, wait_until_async

pytestmark = [pytest.mark.gateway, pytest.mark.anyio]

POLICY = {"version": "1", "default": "allow",
          "tools": {"crash": {"action": "deny", "reason": "not in these tests"}}}


async def exercise(url: str, token: str, http_upstream: bool) -> None:
    rec = Recorder(roots=["file:///workspace"], elicitation_reply=("accept", {"answer": "blue"}))
    async with mcp_session(url, token=token, recorder=rec) as s:
        with anyio.fail_after(60):
            r = await s.call_tool("slow_progress", {"steps": 4, "delay": 0.02}, progress_callback=rec.progress_callback())
            assert result_text(r) == "done 4"
            assert [p for p, _, _ in rec.progress] == [1, 2, 3, 4]
            assert rec.progress[-1][1] == 4 and rec.progress[0][2] == "step 1/4"

            assert result_text(await s.call_tool("ask_llm", {"prompt": "capital of France?"})) == "LLM:capital of France?"
            assert len(rec.sampling_requests) == 1

            assert result_text(await s.call_tool("ask_user", {"question": "favourite colour?"})) == "accept:blue"
            assert rec.elicitation_requests[0].message == "favourite colour?"

            assert json.loads(result_text(await s.call_tool("list_client_roots", {}))) == ["file:///workspace"]
            r = await s.call_tool("list_client_roots", {"channel": "standalone"})
            assert json.loads(result_text(r)) == ["file:///workspace"]

            await s.call_tool("log_message", {"level": "error", "text": "boom"})
            async def logged() -> bool:
                return bool(rec.logs)

            await wait_until_async(logged, what="the upstream's log message never arrived", interval=0.02)
            assert [(entry.level, entry.data) for entry in rec.logs] == [("error", "boom")]

            resources = await s.list_resources()
            assert [str(res.uri) for res in resources.resources] == ["test://static/greeting"]
            assert (await s.read_resource("test://static/greeting")).contents[0].text == "hello from rich_server"
            templates = await s.list_resource_templates()
            assert templates.resource_templates[0].uri_template == "test://items/{item_id}"
            assert json.loads((await s.read_resource("test://items/42")).contents[0].text) == {"id": "42"}
            assert [p.name for p in (await s.list_prompts()).prompts] == ["greet"]
            assert (await s.get_prompt("greet", {"name": "Bo"})).messages[0].content.text == "Please greet Bo warmly."

            big = await s.call_tool("big_text", {"size": 200_000})
            assert len(result_text(big)) == 200_000

            headers = json.loads(result_text(await s.call_tool("request_headers", {})))
            if http_upstream:
                assert headers.get("x-upstream-key") == "configured-secret"
                assert token not in json.dumps(headers), "the agent's bearer token must not reach the upstream"
            else:
                assert headers == {}


async def test_stdio_upstream_passes_everything_through(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gw = gateway()
    grant = gw.grant("pass-stdio", ["rich"])
    await exercise(gw.url("rich"), grant.token, http_upstream=False)
    assert {e["tool"] for e in read_call_log(call_log)} >= {"slow_progress", "ask_llm", "ask_user", "list_client_roots"}


async def test_http_upstream_passes_everything_through(gateway, gateway_config: GatewayConfig, call_log: Path,
                                                       rich_http) -> None:
    up = rich_http(env={"CALL_LOG": str(call_log)})
    gateway_config.add_http("remote", up.url, headers={"X-Upstream-Key": "configured-secret"}, policy=POLICY)
    gw = gateway()
    grant = gw.grant("pass-http", ["remote"])
    await exercise(gw.url("remote"), grant.token, http_upstream=True)
    assert {e["tool"] for e in read_call_log(call_log)} >= {"slow_progress", "ask_llm", "request_headers"}


def test_progress_arrives_as_sse_before_the_result(gateway, gateway_config: GatewayConfig, call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gw = gateway()
    grant = gw.grant("raw-sse", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        reply = raw.post({"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                          "params": {"name": "slow_progress", "arguments": {"steps": 3, "delay": 0.02},
                                     "_meta": {"progressToken": "tok-7"}}})
        assert reply.status == 200 and reply.is_sse
        kinds = [m.get("method", "response") for m in reply.messages]
        assert kinds == ["notifications/progress"] * 3 + ["response"]
        assert {m["params"]["progressToken"] for m in reply.messages[:3]} == {"tok-7"}
        assert result_text(reply.response_for(7)["result"]) == "done 3"
        # a quick call is answered with plain JSON
        quick = raw.post({"jsonrpc": "2.0", "id": 8, "method": "tools/call",
                          "params": {"name": "echo", "arguments": {"text": "json"}}})
        assert quick.content_type == "application/json"


def test_json_only_client_gets_json_and_interim_messages_on_the_get_stream(gateway, gateway_config: GatewayConfig,
                                                                           call_log: Path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gw = gateway()
    grant = gw.grant("json-only", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token) as raw:
        raw.initialize()
        reply = raw.post({"jsonrpc": "2.0", "id": 3, "method": "tools/call",
                          "params": {"name": "slow_progress", "arguments": {"steps": 2, "delay": 0.01},
                                     "_meta": {"progressToken": 99}}}, accept="application/json")
        assert reply.status == 200 and reply.content_type == "application/json"
        assert result_text(reply.json()["result"]) == "done 2"
        stream = raw.get(max_events=2, timeout=3)
        assert [e.json()["params"]["progressToken"] for e in stream.events if e.data] == [99, 99]
