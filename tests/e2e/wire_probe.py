#!/usr/bin/env python3
"""Show exactly what the official MCP Python client (mcp 2.3.0) puts on the wire.

Serves rich_server.py's app in-process behind an ASGI middleware that logs every HTTP
request (method, path, headers, JSON-RPC method/id) and response (status, content type,
session id), then drives it with two clients:

  1. legacy : ClientSession(...) + initialize()   -- the low-level handshake path
  2. auto   : mcp.Client(url)  (mode="auto")       -- the high-level default, which
              probes `server/discover` first

With --legacy-only the middleware behaves like a server that only speaks the
initialize-era revisions (what Gatehouse is at first): a POST whose MCP-Protocol-Version
header names 2026-07-28 gets `400` with a JSON-RPC error -32600 ... unless --answer
selects another reply, so you can see how the client falls back for each:

  --answer 400-jsonrpc   (default) 400 + {"error": {"code": -32600, ...}}
  --answer 400-empty     400 with an empty body
  --answer 404-empty     404 with an empty body
  --answer 200-method-not-found  200 + JSON-RPC error -32601
  --answer 400-unsupported       400 + -32022 {"supported": ["2025-11-25", ...]}

  .venv-test/bin/python tests/e2e/wire_probe.py [--legacy-only [--answer KIND]]
"""
from __future__ import annotations

import argparse
import json
import socket
import sys
import time
from pathlib import Path

import anyio
import uvicorn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))

import rich_server  # noqa: E402

SHOW = ("accept", "content-type", "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name",
        "last-event-id", "authorization", "user-agent", "x-probe", "origin", "cache-control")
T0 = time.monotonic()


def out(line: str) -> None:
    print(f"{time.monotonic() - T0:7.3f}  {line}", flush=True)


class WireLog:
    def __init__(self, app, legacy_only: bool, answer: str):
        self.app, self.legacy_only, self.answer = app, legacy_only, answer

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        body = b""
        if scope["method"] == "POST":
            more = True
            while more:
                msg = await receive()
                body += msg.get("body", b"")
                more = msg.get("more_body", False)
        rpc = ""
        if body:
            try:
                m = json.loads(body)
                rpc = f"  rpc={m.get('method') or ('response' if 'result' in m or 'error' in m else '?')} id={m.get('id')}"
                if m.get("method") == "notifications/cancelled":
                    rpc += f" params={json.dumps(m.get('params'))}"
                if m.get("method") == "initialize":
                    p = m["params"]
                    rpc += f" protocolVersion={p.get('protocolVersion')} capabilities={json.dumps(p.get('capabilities'))} clientInfo={json.dumps(p.get('clientInfo'))}"
            except ValueError:
                rpc = f"  body={body[:80]!r}"
        shown = {k: v for k, v in headers.items() if k in SHOW}
        out(f"--> {scope['method']} {scope['path']}{rpc}  headers={json.dumps(shown)}")

        if (self.legacy_only and scope["method"] == "POST"
                and headers.get("mcp-protocol-version") == "2026-07-28"):
            status, ctype, payload = self._legacy_reject(body)
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", ctype.encode())] if ctype else []})
            await send({"type": "http.response.body", "body": payload})
            out(f"<-- {status} (legacy-only reply '{self.answer}') {payload[:120]!r}")
            return

        sent_body = False

        async def replay():
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def logging_send(message):
            if message["type"] == "http.response.start":
                rh = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
                out(f"<-- {message['status']} content-type={rh.get('content-type')} "
                    f"mcp-session-id={rh.get('mcp-session-id')}")
            await send(message)

        await self.app(scope, replay if scope["method"] == "POST" else receive, logging_send)

    def _legacy_reject(self, body: bytes):
        try:
            rid = json.loads(body).get("id")
        except ValueError:
            rid = None
        def err(code, msg, data=None):
            e = {"code": code, "message": msg}
            if data is not None:
                e["data"] = data
            return json.dumps({"jsonrpc": "2.0", "id": rid, "error": e}).encode()
        match self.answer:
            case "400-empty":
                return 400, "", b""
            case "404-empty":
                return 404, "", b""
            case "200-method-not-found":
                return 200, "application/json", err(-32601, "Method not found")
            case "400-unsupported":
                return 400, "application/json", err(-32022, "Unsupported protocol version", {
                    "supported": ["2025-11-25", "2025-06-18", "2025-03-26"], "requested": "2026-07-28"})
            case _:
                return 400, "application/json", err(-32600, "Bad Request: Unsupported protocol version 2026-07-28")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def main_async(args) -> None:
    import httpx2
    import mcp_types as types
    from mcp import Client, ClientSession
    from mcp.client.streamable_http import streamable_http_client

    port = free_port()
    app = rich_server.build().streamable_http_app(json_response=args.json_response, host="127.0.0.1")
    server = uvicorn.Server(uvicorn.Config(WireLog(app, args.legacy_only, args.answer), host="127.0.0.1",
                                           port=port, log_level="warning", access_log=False, lifespan="on"))
    url = f"http://127.0.0.1:{port}/mcp"

    async def sampling(ctx, params):
        return types.CreateMessageResult(role="assistant", content=types.TextContent(type="text", text="ok"),
                                         model="m", stop_reason="endTurn")

    async with anyio.create_task_group() as tg:
        tg.start_soon(server.serve)
        with anyio.fail_after(10):
            while not server.started:
                await anyio.sleep(0.02)

        out("===== 1. legacy: ClientSession + initialize() (headers via httpx2.AsyncClient) =====")
        with anyio.fail_after(30):
            async with httpx2.AsyncClient(headers={"Authorization": "Bearer T0KEN", "X-Probe": "1"}) as hc:
                async with streamable_http_client(url, http_client=hc) as (read, write):
                    async with ClientSession(read, write, sampling_callback=sampling) as s:
                        init = await s.initialize()
                        out(f"    negotiated protocolVersion={init.protocol_version}")
                        await anyio.sleep(0.3)  # let the GET stream open
                        r = await s.call_tool("echo", {"text": "hi"})
                        out(f"    echo -> {r.content[0].text!r}")
                        out("    sleep(2) with read_timeout_seconds=0.5 (what does a timeout send?)")
                        try:
                            await s.call_tool("sleep", {"seconds": 2}, read_timeout_seconds=0.5)
                        except Exception as exc:  # noqa: BLE001
                            out(f"    -> {type(exc).__name__}: {exc}")
                        await anyio.sleep(0.3)
                out("    (context closed)")

        out("===== 2. auto: mcp.Client(url) =====")
        with anyio.fail_after(60):
            async with Client(url) as c:
                out(f"    negotiated protocolVersion={c.session.protocol_version}")
                r = await c.call_tool("echo", {"text": "hi"})
                out(f"    echo -> {r.content[0].text!r}")
            out("    (context closed)")
        await anyio.sleep(0.3)
        server.should_exit = True


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--legacy-only", action="store_true")
    p.add_argument("--answer", default="400-jsonrpc",
                   choices=["400-jsonrpc", "400-empty", "404-empty", "200-method-not-found", "400-unsupported"])
    p.add_argument("--json-response", action="store_true")
    anyio.run(main_async, p.parse_args())


if __name__ == "__main__":
    main()
