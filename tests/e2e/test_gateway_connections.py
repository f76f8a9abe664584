"""Slow and hostile clients at the socket (issue 12, items 10-12): header, body and idle
timeouts, the connection cap, the Host check and NUL in paths — with raw sockets, against the
real binary. No test sleeps or times anything: timeouts are set small in gatehouse.json and
each test waits (bounded) for the event, the gateway closing the connection.
"""
from __future__ import annotations

import json
import socket
import subprocess

import httpx
import pytest

from harness import PROTOCOL_VERSION, GatewayConfig, RawMCP, free_port, gatehouse_bin, result_text, wait_until

pytestmark = [pytest.mark.gateway]

POLICY = {"version": "1", "default": "deny", "tools": {"echo": {}, "sleep": {}}}
# The safety net of every wait: far above any timeout configured here, so only a gateway
# that never closes the connection reaches it.
NEVER = 30.0


def start(gateway, gateway_config: GatewayConfig, call_log, **limits):
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    if limits:
        gateway_config.extra["limits"] = limits
    return gateway()


def connect(gw) -> socket.socket:
    return socket.create_connection((gw.host, gw.port), timeout=NEVER)


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 response with a Content-Length body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed before a response: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "closed in the middle of a body"
        body += chunk
    return status, headers, body


def wait_until_closed(sock: socket.socket) -> bytes:
    """Everything the gateway sends until it closes the connection (bounded by NEVER)."""
    received = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return received
        except socket.timeout:
            pytest.fail(f"the gateway kept the connection open for {NEVER} s (received {received[:200]!r})")
        if not chunk:
            return received
        received += chunk


def is_open(sock: socket.socket) -> bool:
    """Whether the peer has not closed (reads nothing: what is there stays)."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except ConnectionResetError:
        return False
    finally:
        sock.setblocking(True)
        sock.settimeout(NEVER)


def healthz(host: str = "127.0.0.1", port: int | None = None) -> bytes:
    return f"GET /healthz HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()


# --------------------------------------------------------------------------- item 10
def test_a_header_that_never_ends_is_cut_off_by_the_header_timeout(gateway, gateway_config, call_log) -> None:
    gw = start(gateway, gateway_config, call_log, headerTimeoutSeconds=0.3)
    silent = connect(gw)
    partial = connect(gw)
    partial.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
    assert wait_until_closed(partial) == b""
    assert wait_until_closed(silent) == b"", "a connection that sends nothing is cut off too"
    assert httpx.get(f"{gw.base_url}/healthz", timeout=10).status_code == 200


def test_a_body_that_stops_coming_is_cut_off_by_the_body_timeout(gateway, gateway_config, call_log) -> None:
    gw = start(gateway, gateway_config, call_log, bodyTimeoutSeconds=0.3)
    grant = gw.grant("agent", ["rich"])
    sock = connect(gw)
    sock.sendall((f"POST /mcp/rich HTTP/1.1\r\nHost: 127.0.0.1:{gw.port}\r\nAuthorization: Bearer {grant.token}\r\n"
                  "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                  "Content-Length: 1000\r\n\r\n").encode() + b'{"jsonrpc": "2.0", ')
    reply = wait_until_closed(sock)
    assert b"200 OK" not in reply


def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(gateway, gateway_config, call_log) -> None:
    gw = start(gateway, gateway_config, call_log, connectionIdleSeconds=0.3)
    sock = connect(gw)
    for _ in range(3):  # kept alive between requests that come in time
        sock.sendall(healthz(port=gw.port))
        status, headers, _ = read_response(sock)
        assert status == 200 and headers.get("connection", "keep-alive") != "close"
    assert wait_until_closed(sock) == b""


def test_streams_of_live_sessions_are_not_idle(gateway, gateway_config, call_log) -> None:
    gw = start(gateway, gateway_config, call_log, connectionIdleSeconds=0.3)
    grant = gw.grant("agent", ["rich"])
    with RawMCP(gw.url("rich"), token=grant.token, timeout=NEVER) as raw:
        raw.initialize()
        stream = connect(gw)
        stream.sendall((f"GET /mcp/rich HTTP/1.1\r\nHost: 127.0.0.1:{gw.port}\r\nAuthorization: Bearer {grant.token}\r\n"
                        f"Accept: text/event-stream\r\nMcp-Session-Id: {raw.session_id}\r\n"
                        f"MCP-Protocol-Version: {PROTOCOL_VERSION}\r\n\r\n").encode())
        opened = b""
        while b"gatehouse stream open" not in opened:
            opened += stream.recv(4096)
        assert b" 200 " in opened.split(b"\r\n")[0]
        # A call answered long after the idle timeout, its SSE reply kept alive meanwhile.
        reply = raw.call_tool("sleep", {"seconds": 2.5}, accept="text/event-stream")
        assert "result" in reply, reply
        # Meanwhile an idle connection opened after the stream was cut off: the stream was not.
        idle = connect(gw)
        idle.sendall(healthz(port=gw.port))
        read_response(idle)
        assert wait_until_closed(idle) == b""
        assert is_open(stream), "the standalone SSE stream of a live session was closed as idle"
        stream.close()


def test_past_the_connection_cap_new_connections_get_503(gateway, gateway_config, call_log) -> None:
    gw = start(gateway, gateway_config, call_log, maxConnections=3)
    held = [connect(gw) for _ in range(3)]
    for sock in held:  # each is counted once the gateway has answered on it
        sock.sendall(healthz(port=gw.port))
        assert read_response(sock)[0] == 200
    extra = connect(gw)
    extra.sendall(healthz(port=gw.port))
    status, headers, body = read_response(extra)
    assert status == 503, body
    assert headers.get("connection") == "close" and "retry-after" in headers
    assert "limits.maxConnections" in json.loads(body)["error"]["message"]
    assert wait_until_closed(extra) == b""
    held.pop().close()
    def admitted() -> bool:  # the gateway sees the close, then admits again
        sock = connect(gw)
        sock.sendall(healthz(port=gw.port))
        status, _, _ = read_response(sock)
        sock.close()
        return status == 200

    wait_until(admitted, what="no connection admitted after one of the three closed", interval=0.02)
    for sock in held:
        sock.close()


# --------------------------------------------------------------------------- item 11
def test_an_unknown_host_gets_421_on_every_route(gateway, gateway_config, call_log) -> None:
    gateway_config.extra["allowedHosts"] = ["gatehouse.test"]
    gw = start(gateway, gateway_config, call_log)
    grant = gw.grant("agent", ["rich"])
    with httpx.Client(timeout=10) as client:
        for method, path in (("GET", "/healthz"), ("GET", "/metrics"), ("GET", "/"), ("GET", "/builder"), ("POST", "/mcp/rich")):
            reply = client.request(method, f"{gw.base_url}{path}", headers={"Host": "rebind.evil.example",
                                                                              "Authorization": f"Bearer {grant.token}"})
            assert reply.status_code == 421, (path, reply.status_code)
        for host in (f"127.0.0.1:{gw.port}", f"localhost:{gw.port}", "gatehouse.test", "GATEHOUSE.TEST:443"):
            assert client.get(f"{gw.base_url}/healthz", headers={"Host": host}).status_code == 200, host
    with RawMCP(gw.url("rich"), token=grant.token, headers={"Host": "rebind.evil.example"}) as raw:
        reply = raw.post({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}})
        assert reply.status == 421 and "allowedHosts" in reply.json()["error"]["message"]


def test_listening_beyond_loopback_needs_allowed_hosts(gateway, gateway_config, call_log, tmp_path) -> None:
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    config = gateway_config.write()
    refused = subprocess.run([str(gatehouse_bin()), "serve", "--config", str(config), "--data", str(tmp_path / "d"),
                              "--host", "0.0.0.0", "--port", str(free_port()), "--no-generate"],
                             capture_output=True, text=True, timeout=NEVER, stdin=subprocess.DEVNULL)
    assert refused.returncode == 1
    assert "refusing to listen on 0.0.0.0 without \"allowedHosts\"" in refused.stderr, refused.stderr
    gateway_config.extra["allowedHosts"] = ["*"]
    gw = gateway(host="0.0.0.0")
    assert "THE HOST HEADER IS NOT CHECKED" in gw.log_text()
    assert httpx.get(f"http://127.0.0.1:{gw.port}/healthz", headers={"Host": "anything.example"}, timeout=10).status_code == 200


# --------------------------------------------------------------------------- item 12
def test_a_nul_anywhere_in_a_path_is_400(gateway, gateway_config, call_log, tmp_path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>the home page</h1>")
    gateway_config.add_rich_stdio("rich", call_log=call_log, policy=POLICY)
    gw = gateway(extra_args=["--public", str(site), "--no-generate"])
    with httpx.Client(timeout=10) as client:
        assert "the home page" in client.get(f"{gw.base_url}/index.html").text
        for path in ("/index.html%00.txt", "/index.html%00", "/%00/index.html", "/mcp/rich%00", "/healthz%00"):
            reply = client.get(f"{gw.base_url}{path}")
            assert reply.status_code == 400, (path, reply.status_code)
            assert "the home page" not in reply.text
    sock = connect(gw)
    sock.sendall(f"GET /index.html\x00.txt HTTP/1.1\r\nHost: 127.0.0.1:{gw.port}\r\n\r\n".encode())
    assert read_response(sock)[0] == 400
