"""Many `tools/call`s at once, cheaply: raw HTTP/1.1 keep-alive connections on asyncio streams.

httpx spends about a millisecond of CPU per request and its pool slows down with a long
queue; a test that sends thousands of calls on a 2-core machine would measure the client.
Here each connection sends its share of the calls one after another (JSON-RPC over POST,
Streamable HTTP), reading JSON or SSE replies.

  results = asyncio.run(tool_calls(targets, token, "echo", {"text": "hi"}, calls=2000, connections=32))

`targets` is a list of (url, session id); calls go round-robin over them. Each result is the
JSON-RPC `result` object (or {"error": ...}), in call order; `latencies` are in seconds.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

PROTOCOL_VERSION = "2025-11-25"


@dataclass
class LoadResult:
    results: list[dict[str, Any]]
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0


async def _read_reply(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            chunks.append(chunk[:-2])
        body = b"".join(chunks)
    else:
        body = b""
    return status, headers, body


def _message(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    if headers.get("content-type", "").startswith("text/event-stream"):
        for block in body.decode().split("\n\n"):
            data = "\n".join(line[5:].lstrip() for line in block.splitlines() if line.startswith("data:"))
            if data:
                message = json.loads(data)
                if "result" in message or "error" in message:
                    return message
        raise AssertionError(f"no response in the SSE reply: {body[:300]!r}")
    return json.loads(body)


async def _connection(url: str, token: str, calls: list[tuple[int, str, bytes]], out: list[Any], latencies: list[float]) -> None:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        for index, session, body in calls:
            request = (f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
                       f"Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\n"
                       f"MCP-Protocol-Version: {PROTOCOL_VERSION}\r\nMcp-Session-Id: {session}\r\n"
                       f"Content-Length: {len(body)}\r\n\r\n").encode() + body
            started = time.perf_counter()
            writer.write(request)
            status, headers, reply = await _read_reply(reader)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                raise AssertionError(f"HTTP {status}: {reply[:300]!r}")
            message = _message(headers, reply)
            out[index] = message.get("result", {"error": message.get("error")})
    finally:
        writer.close()


async def tool_calls(targets: list[tuple[str, str]], token: str, tool: str, arguments: dict[str, Any], calls: int,
                     connections: int = 32) -> LoadResult:
    """`calls` tools/call over `connections` keep-alive connections, round-robin over targets."""
    out: list[Any] = [None] * calls
    latencies: list[float] = []
    shares: list[list[tuple[int, str, bytes]]] = [[] for _ in range(connections)]
    for index in range(calls):
        body = json.dumps({"jsonrpc": "2.0", "id": index, "method": "tools/call",
                           "params": {"name": tool, "arguments": arguments}}).encode()
        shares[index % connections].append((index, targets[index % len(targets)][1], body))
    # A connection talks to one replica: every call it carries names a session of that replica.
    urls = [targets[i % len(targets)][0] for i in range(connections)]
    started = time.perf_counter()
    await asyncio.gather(*(_connection(urls[c], token, share, out, latencies) for c, share in enumerate(shares) if share))
    return LoadResult(results=out, latencies=latencies, elapsed=time.perf_counter() - started)
