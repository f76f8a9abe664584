"""Helpers for end-to-end tests that drive the Gatehouse binary (and its upstream fixtures).

Gatehouse interface assumed here (the spec the Swift side implements):

  gatehouse serve --config FILE --data DIR --host 127.0.0.1 --port PORT
      GET /healthz, MCP Streamable HTTP at http://127.0.0.1:PORT/mcp/<server>
  gatehouse grant create --name NAME --server S [--server S2 ...] --config FILE --data DIR --json
      prints {"name": ..., "token": ...}; agents send "Authorization: Bearer <token>"
  gatehouse audit --data DIR --json
      prints a JSON array of audit rows
  config gatehouse.json:
      {"mcpServers": {"NAME": {"command": ..., "args": [...], "env": {...}, "policy": "p.json"},
                      "NAME2": {"url": "http://.../mcp", "headers": {...}, "policy": "..."}}}

Main pieces:
  gatehouse_bin()            path of the binary ($GATEHOUSE_BIN, default .build/debug/gatehouse)
  GatewayConfig              builds gatehouse.json + policy files in a directory
  Gateway                    starts `gatehouse serve` (own process group, log file), waits for
                             /healthz, runs the CLI (grants, audit), and on stop kills it and
                             checks that no process it spawned outlived it
  mcp_session(...)           async context manager: official-SDK ClientSession over Streamable
                             HTTP with an Authorization header and optional sampling /
                             elicitation / roots / logging callbacks (see Recorder)
  mcp_client(...)            the SDK's high-level mcp.Client (mode "auto" probes server/discover)
  RawMCP                     httpx-based raw Streamable HTTP peer for protocol-level tests
  parse_sse(...)             SSE parser used by RawMCP
  UpstreamHTTP               runs a fixture server over HTTP on a free port
  wait_until(...)            waits for an event (a condition polled under a generous bound);
                             tests never sleep for a fixed time nor assert how long a step took

Every wait is bounded: timeouts are arguments with finite defaults.
"""
from __future__ import annotations

import base64
import dataclasses
import json
import math
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = E2E_DIR / "fixtures"
RICH_SERVER = FIXTURES_DIR / "rich_server.py"
CHANGING_SERVER = FIXTURES_DIR / "changing_server.py"
RAW_SERVER = FIXTURES_DIR / "raw_server.py"
PYTHON = sys.executable  # the test venv's interpreter: fixtures and PyPI servers run with it
VENV_BIN = Path(sys.executable).parent

# The protocol revision the gateway is expected to speak with agents and upstreams.
PROTOCOL_VERSION = "2025-11-25"
ACCEPT_BOTH = "application/json, text/event-stream"

# Environment variable planted in the gateway's environment; any process that still carries
# it after the gateway stopped is a leak (children inherit it unless Gatehouse scrubs env).
LEAK_MARKER_VAR = "GATEHOUSE_E2E_RUN"


class HarnessError(Exception):
    """A harness-level failure (gateway would not start, CLI failed, ...)."""


# --------------------------------------------------------------------------- basics
def gatehouse_bin() -> Path:
    """Path of the gatehouse binary: $GATEHOUSE_BIN (relative to the repo root if relative)."""
    raw = os.environ.get("GATEHOUSE_BIN", ".build/debug/gatehouse")
    p = Path(raw)
    return p if p.is_absolute() else REPO_ROOT / p


def gatehouse_missing_reason() -> str | None:
    """None if the binary is usable, else a sentence saying why not (for pytest.skip)."""
    p = gatehouse_bin()
    if not p.exists():
        return (f"gatehouse binary not found at {p} -- build it first (swift build) "
                f"or point GATEHOUSE_BIN at it")
    if not os.access(p, os.X_OK):
        return f"gatehouse binary at {p} is not executable"
    return None


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


T = TypeVar("T")

# How long a wait for an event may last before the test fails: a bound on a hang, never a
# claim about speed (these machines slow down by 2x and more under load).
EVENT_TIMEOUT = 60.0


def wait_until(condition: Callable[[], T], *, what: str | Callable[[], str], timeout: float = EVENT_TIMEOUT,
               interval: float = 0.05) -> T:
    """Waits for an event: returns the first truthy value `condition()` gives, checking every
    `interval` s. After `timeout` s without one, fails the test with `what` (a text, or a function
    that describes what was seen). The one polling loop of the end-to-end tests: a test waits for
    what it expects to happen, never for a fixed time."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what() if callable(what) else what} (waited {timeout:g} s)")
        time.sleep(interval)


async def wait_until_async(condition: Callable[[], Awaitable[T]], *, what: str | Callable[[], str],
                           timeout: float = EVENT_TIMEOUT, interval: float = 0.05) -> T:
    """``wait_until`` for a condition that must be awaited (an MCP call from an async test)."""
    import anyio

    deadline = time.monotonic() + timeout
    while True:
        value = await condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what() if callable(what) else what} (waited {timeout:g} s)")
        await anyio.sleep(interval)


def wait_for_port(host: str, port: int, timeout: float = 15.0, proc: subprocess.Popen | None = None) -> None:
    """Wait until host:port accepts TCP connections; raise HarnessError after `timeout`."""
    def listening() -> bool:
        try:
            socket.create_connection((host, port), timeout=0.25).close()
            return True
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            raise HarnessError(f"process {proc.pid} exited with {proc.returncode} before listening on {port}")
        return False

    try:
        wait_until(listening, what=f"nothing listening on {host}:{port}", timeout=timeout)
    except AssertionError:
        raise HarnessError(f"nothing listening on {host}:{port} after {timeout}s") from None


def tail(path: Path, max_bytes: int = 20_000) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"<cannot read {path}: {exc}>"
    if len(data) > max_bytes:
        data = b"...[truncated]...\n" + data[-max_bytes:]
    return data.decode("utf-8", "replace")


def read_call_log(path: Path | str) -> list[dict[str, Any]]:
    """Entries written by the fixtures to $CALL_LOG ([] if the file does not exist)."""
    p = Path(path)
    if not p.exists():
        return []
    return [json.loads(line) for line in p.read_text().splitlines() if line.strip()]


def leaf_exceptions(exc: BaseException) -> list[BaseException]:
    """Flatten (nested) ExceptionGroups: the SDK reports a lost connection through one."""
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for sub in exc.exceptions for leaf in leaf_exceptions(sub)]
    return [exc]


# --------------------------------------------------------------------------- processes
def _proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, ppid, pgrp) of a live pid from /proc, or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            rest = f.read().rsplit(b")", 1)[1].split()
        return rest[0].decode(), int(rest[1]), int(rest[2])
    except (OSError, IndexError, ValueError):
        return None


def pid_alive(pid: int) -> bool:
    """True if pid exists and is not a zombie."""
    st = _proc_stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def _all_pids() -> list[int]:
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def descendants(root: int) -> set[int]:
    """All live descendants of `root` (children, grandchildren, ...), from /proc."""
    children: dict[int, list[int]] = {}
    for pid in _all_pids():
        st = _proc_stat(pid)
        if st is not None:
            children.setdefault(st[1], []).append(pid)
    out: set[int] = set()
    stack = [root]
    while stack:
        for c in children.get(stack.pop(), []):
            if c not in out:
                out.add(c)
                stack.append(c)
    return {p for p in out if pid_alive(p)}


def pids_in_group(pgid: int) -> set[int]:
    return {p for p in _all_pids() if (st := _proc_stat(p)) is not None and st[2] == pgid and st[0] not in ("Z", "X")}


def pids_with_env_marker(var: str, value: str) -> set[int]:
    """Live processes whose environment contains var=value (needs permission to read it)."""
    needle = f"{var}={value}".encode()
    found: set[int] = set()
    for pid in _all_pids():
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    if pid_alive(pid):
                        found.add(pid)
        except OSError:
            continue
    return found


def describe_pids(pids: Iterable[int]) -> str:
    lines = []
    for pid in sorted(pids):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except OSError:
            cmd = "?"
        lines.append(f"  pid {pid}: {cmd[:200]}")
    return "\n".join(lines)


def kill_pids(pids: Iterable[int], sig: int = signal.SIGKILL) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def wait_gone(pids: Iterable[int], timeout: float) -> set[int]:
    """Wait until none of `pids` is alive; return those still alive after `timeout`."""
    remaining = set(pids)

    def all_gone() -> bool:
        nonlocal remaining
        remaining = {p for p in remaining if pid_alive(p)}
        return not remaining

    try:
        wait_until(all_gone, what="processes still alive", timeout=timeout)
    except AssertionError:
        pass
    return remaining


# --------------------------------------------------------------------------- config
@dataclasses.dataclass
class GatewayConfig:
    """Builds gatehouse.json and the policy files it names, inside `directory`.

    Policies are written as JSON files `policy-<server>.json` next to the config (their
    schema belongs to the Swift side; the harness passes the dict through unchanged), or
    an existing path is referenced as is.
    """

    directory: Path
    servers: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)  # other top-level keys

    def _policy(self, name: str, policy: Mapping[str, Any] | str | Path | None) -> dict[str, Any]:
        if policy is None:
            return {}
        if isinstance(policy, (str, Path)):
            return {"policy": str(policy)}
        path = Path(self.directory) / f"policy-{name}.json"
        path.write_text(json.dumps(policy, indent=2) + "\n")
        return {"policy": str(path)}

    def add_stdio(self, name: str, command: str, args: Sequence[str] = (), env: Mapping[str, str] | None = None,
                  policy: Mapping[str, Any] | str | Path | None = None, **extra: Any) -> GatewayConfig:
        entry: dict[str, Any] = {"command": command, "args": list(args)}
        if env:
            entry["env"] = dict(env)
        entry.update(self._policy(name, policy))
        entry.update(extra)
        self.servers[name] = entry
        return self

    def add_http(self, name: str, url: str, headers: Mapping[str, str] | None = None,
                 policy: Mapping[str, Any] | str | Path | None = None, **extra: Any) -> GatewayConfig:
        entry: dict[str, Any] = {"url": url}
        if headers:
            entry["headers"] = dict(headers)
        entry.update(self._policy(name, policy))
        entry.update(extra)
        self.servers[name] = entry
        return self

    def add_rich_stdio(self, name: str = "rich", call_log: Path | str | None = None,
                       policy: Mapping[str, Any] | str | Path | None = None,
                       env: Mapping[str, str] | None = None, **extra: Any) -> GatewayConfig:
        """rich_server.py over stdio, run by this venv's Python."""
        e = dict(env or {})
        if call_log is not None:
            e["CALL_LOG"] = str(call_log)
        return self.add_stdio(name, PYTHON, [str(RICH_SERVER), "--transport", "stdio"], e, policy, **extra)

    def add_rich(self, name: str = "rich", upstream: UpstreamHTTP | None = None, call_log: Path | str | None = None,
                 policy: Mapping[str, Any] | str | Path | None = None, **extra: Any) -> GatewayConfig:
        """rich_server.py as `name`: over stdio when `upstream` is None, else the running
        `upstream` over Streamable HTTP (which answers `server/discover` at 2026-07-28). Over
        HTTP the caller started the upstream with CALL_LOG in its environment."""
        if upstream is None:
            return self.add_rich_stdio(name, call_log=call_log, policy=policy, **extra)
        return self.add_http(name, upstream.url, policy=policy, **extra)

    def add_changing_stdio(self, name: str, tools_file: Path | str, call_log: Path | str | None = None,
                           policy: Mapping[str, Any] | str | Path | None = None, **extra: Any) -> GatewayConfig:
        e = {"TOOLS_FILE": str(tools_file)}
        if call_log is not None:
            e["CALL_LOG"] = str(call_log)
        return self.add_stdio(name, PYTHON, [str(CHANGING_SERVER), "--transport", "stdio"], e, policy, **extra)

    def add_raw_stdio(self, name: str, received_log: Path | str, policy: Mapping[str, Any] | str | Path | None = None,
                      env: Mapping[str, str] | None = None, **extra: Any) -> GatewayConfig:
        """raw_server.py (no SDK) over stdio: every line it receives is appended to `received_log`."""
        e = {"RECEIVED_LOG": str(received_log), **(env or {})}
        return self.add_stdio(name, PYTHON, [str(RAW_SERVER)], e, policy, **extra)

    def add_pypi_stdio(self, name: str, console_script: str, args: Sequence[str] = (),
                       policy: Mapping[str, Any] | str | Path | None = None, **extra: Any) -> GatewayConfig:
        """A PyPI MCP server installed in the test venv, e.g. 'mcp-server-time'."""
        return self.add_stdio(name, str(VENV_BIN / console_script), args, None, policy, **extra)

    def to_json(self) -> dict[str, Any]:
        return {"mcpServers": self.servers, **self.extra}

    def write(self, path: Path | None = None) -> Path:
        path = path or Path(self.directory) / "gatehouse.json"
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n")
        return path


# --------------------------------------------------------------------------- gateway
@dataclasses.dataclass
class Grant:
    name: str
    token: str
    raw: dict[str, Any]

    @property
    def auth_header(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class LeakedProcesses(HarnessError):
    pass


class Gateway:
    """One `gatehouse serve` subprocess, in its own process group, logging to a file.

        with Gateway(config) as gw:              # or gw.start() / gw.stop()
            grant = gw.grant("agent", ["rich"])
            url = gw.url("rich")

    stop() sends SIGTERM to the gateway process only (so a clean shutdown of its children
    is Gatehouse's own job), waits `term_timeout`, then SIGKILLs the process group. It then
    checks for leaks: every process ever seen below the gateway (sampled at start, on
    snapshot_children(), and at stop), every process left in its process group, and every
    process carrying the harness's environment marker must be gone within `leak_grace`
    seconds. Survivors are killed and reported (LeakedProcesses) when check_leaks is set.
    """

    def __init__(self, config: GatewayConfig, *, data_dir: Path | None = None, host: str = "127.0.0.1",
                 port: int | None = None, binary: Path | None = None, env: Mapping[str, str] | None = None,
                 extra_args: Sequence[str] = (), health_timeout: float = 20.0, term_timeout: float = 5.0,
                 leak_grace: float = 3.0, check_leaks: bool = True, cli_timeout: float = 30.0):
        self.config = config
        self.directory = Path(config.directory)
        self.data_dir = data_dir or self.directory / "data"
        self.host = host
        self.port = port
        self.binary = binary or gatehouse_bin()
        self.env = dict(env or {})
        self.extra_args = list(extra_args)
        self.health_timeout = health_timeout
        self.term_timeout = term_timeout
        self.leak_grace = leak_grace
        self.check_leaks = check_leaks
        self.cli_timeout = cli_timeout
        self.log_path = self.directory / "gatehouse.log"
        self.config_path: Path | None = None
        self.proc: subprocess.Popen | None = None
        self.pgid: int | None = None
        self.marker = uuid.uuid4().hex
        self.seen_children: set[int] = set()
        self.leaked: set[int] = set()
        self._log_file = None

    # ---- lifecycle
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, server: str) -> str:
        return f"{self.base_url}/mcp/{server}"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.env)
        env[LEAK_MARKER_VAR] = self.marker
        return env

    def start(self) -> Gateway:
        if self.proc is not None:
            raise HarnessError("gateway already started")
        self.directory.mkdir(parents=True, exist_ok=True)
        # The data folder is the gateway's to create (0700): not made here.
        self.config_path = self.config.write()
        if self.port is None:
            self.port = free_port(self.host)
        cmd = [str(self.binary), "serve", "--config", str(self.config_path), "--data", str(self.data_dir),
               "--host", self.host, "--port", str(self.port), *self.extra_args]
        self._log_file = open(self.log_path, "ab", buffering=0)
        self._log_file.write(f"$ {shlex.join(cmd)}\n".encode())
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log_file, stderr=subprocess.STDOUT,
                                     env=self._env(), cwd=self.directory, start_new_session=True)
        self.pgid = self.proc.pid  # start_new_session: the gateway leads its own process group
        try:
            self.wait_healthy(self.health_timeout)
        except BaseException:
            self.stop(check_leaks=False)
            raise
        self.snapshot_children()
        return self

    def wait_healthy(self, timeout: float) -> None:
        import httpx

        last = "no answer"

        def healthy() -> bool:
            nonlocal last
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise HarnessError(f"gatehouse exited with {self.proc.returncode} during startup\n"
                                   f"--- {self.log_path}\n{tail(self.log_path)}")
            try:
                r = httpx.get(f"{self.base_url}/healthz", timeout=0.5)
                if r.status_code == 200:
                    return True
                last = f"HTTP {r.status_code}"
            except httpx.HTTPError as exc:
                last = type(exc).__name__
            return False

        try:
            wait_until(healthy, what="gatehouse /healthz not ready", timeout=timeout, interval=0.1)
        except AssertionError:
            raise HarnessError(f"gatehouse /healthz not ready after {timeout}s (last: {last})\n"
                               f"--- {self.log_path}\n{tail(self.log_path)}") from None

    def snapshot_children(self) -> set[int]:
        """Record the gateway's current descendants (call after sessions opened upstreams)."""
        if self.proc is not None and self.proc.poll() is None:
            self.seen_children |= descendants(self.proc.pid)
        return set(self.seen_children)

    def stop(self, check_leaks: bool | None = None) -> None:
        """Stop the gateway (idempotent); raise LeakedProcesses if children outlive it."""
        check = self.check_leaks if check_leaks is None else check_leaks
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.poll() is None:
                self.seen_children |= descendants(proc.pid)
                try:
                    proc.send_signal(signal.SIGTERM)
                    proc.wait(timeout=self.term_timeout)
                except subprocess.TimeoutExpired:
                    self._log(f"gateway ignored SIGTERM for {self.term_timeout}s; SIGKILL to group {self.pgid}")
                    self._killpg()
                    proc.wait(timeout=10)
            candidates = set(self.seen_children)
            if self.pgid is not None:
                candidates |= pids_in_group(self.pgid)
            candidates |= pids_with_env_marker(LEAK_MARKER_VAR, self.marker)
            leaked = wait_gone(candidates, self.leak_grace)
            desc = ""
            if leaked:
                self.leaked = leaked
                desc = describe_pids(leaked)
                self._log(f"LEAKED processes after gateway stop:\n{desc}")
                kill_pids(leaked)
                wait_gone(leaked, 5)
            self._killpg()  # belt and braces: nothing of ours may survive the test
            if leaked and check:
                raise LeakedProcesses(f"{len(leaked)} process(es) outlived the gateway:\n{desc}")
        finally:
            if self._log_file is not None:
                self._log_file.close()
                self._log_file = None

    def _killpg(self) -> None:
        if self.pgid is None:
            return
        try:
            os.killpg(self.pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def _log(self, text: str) -> None:
        if self._log_file is not None:
            self._log_file.write(f"[harness] {text}\n".encode())

    def log_text(self) -> str:
        return tail(self.log_path)

    def __enter__(self) -> Gateway:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop(check_leaks=None if exc[0] is None else False)

    # ---- CLI
    def cli(self, *args: str, timeout: float | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """Run `gatehouse ARGS...` (bounded); raise HarnessError with its output on failure."""
        cmd = [str(self.binary), *args]
        try:
            cp = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout or self.cli_timeout,
                                env={**os.environ, **self.env}, cwd=self.directory, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise HarnessError(f"`{shlex.join(cmd)}` timed out after {exc.timeout}s") from None
        if check and cp.returncode != 0:
            raise HarnessError(f"`{shlex.join(cmd)}` exited {cp.returncode}\nstdout:\n{cp.stdout}\nstderr:\n{cp.stderr}")
        return cp

    def cli_json(self, *args: str, timeout: float | None = None) -> Any:
        cp = self.cli(*args, timeout=timeout)
        try:
            return json.loads(cp.stdout)
        except ValueError as exc:
            raise HarnessError(f"`gatehouse {shlex.join(args)}` did not print JSON: {exc}\n{cp.stdout[:2000]}") from None

    def grant(self, name: str, servers: Sequence[str] | str) -> Grant:
        """`gatehouse grant create --name NAME --server S... --json` -> Grant(name, token)."""
        if isinstance(servers, str):
            servers = [servers]
        if self.config_path is None:
            self.config_path = self.config.write()
        args = ["grant", "create", "--name", name]
        for s in servers:
            args += ["--server", s]
        args += ["--config", str(self.config_path), "--data", str(self.data_dir), "--json"]
        out = self.cli_json(*args)
        if not isinstance(out, dict) or not isinstance(out.get("token"), str) or not out["token"]:
            raise HarnessError(f"grant create printed no token: {out!r}")
        return Grant(name=out.get("name", name), token=out["token"], raw=out)

    def audit(self) -> list[dict[str, Any]]:
        """`gatehouse audit --data DIR --limit 100000 --json` -> every row, newest first."""
        rows = self.cli_json("audit", "--data", str(self.data_dir), "--limit", "100000", "--json")
        if not isinstance(rows, list):
            raise HarnessError(f"audit --json printed {type(rows).__name__}, not an array")
        return rows


@contextmanager
def running_gateway(config: GatewayConfig, **kwargs: Any) -> Iterator[Gateway]:
    """Context manager form of Gateway; on an exception the log tail is printed."""
    gw = Gateway(config, **kwargs)
    gw.start()
    ok = False
    try:
        yield gw
        ok = True
    finally:
        try:
            gw.stop(check_leaks=None if ok else False)
        finally:
            if not ok:
                print(f"--- gatehouse log ({gw.log_path})\n{gw.log_text()}", file=sys.stderr)


# --------------------------------------------------------------------------- upstream over HTTP
class UpstreamHTTP:
    """A fixture server (rich_server.py / changing_server.py) over Streamable HTTP on a free port."""

    def __init__(self, script: Path = RICH_SERVER, *, env: Mapping[str, str] | None = None,
                 json_response: bool = False, stateless: bool = False, log_path: Path | None = None,
                 startup_timeout: float = 20.0):
        self.script = script
        self.env = dict(env or {})
        self.json_response = json_response
        self.stateless = stateless
        self.port = free_port()
        self.log_path = log_path or Path(tempfile.mkstemp(prefix=f"{script.stem}-", suffix=".log")[1])
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/mcp"

    def start(self) -> UpstreamHTTP:
        cmd = [PYTHON, str(self.script), "--transport", "http", "--port", str(self.port)]
        if self.json_response:
            cmd.append("--json-response")
        if self.stateless:
            cmd.append("--stateless")
        log = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen(cmd, env={**os.environ, **self.env}, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            log.close()
        try:
            wait_for_port("127.0.0.1", self.port, self.startup_timeout, self.proc)
        except HarnessError as exc:
            self.stop()
            raise HarnessError(f"{exc}\n--- {self.log_path}\n{tail(self.log_path)}") from None
        return self

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            return self.proc.wait(timeout=10)
        finally:
            self.proc = None

    def __enter__(self) -> UpstreamHTTP:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


# --------------------------------------------------------------------------- SDK client
class Recorder:
    """Client-side callbacks for ClientSession that answer the server and record what they saw.

    sampling:     answers sampling/createMessage with `sampling_reply(prompt)` (default "LLM:<prompt>")
    elicitation:  answers elicitation/create with `elicitation_reply` (action, content)
    roots:        answers roots/list with `roots` (list of URIs)
    logging:      records notifications/message params
    messages:     every server notification (and transport exception) the session surfaces
    progress():   returns a progress callback for one call; updates land in .progress
    Only callbacks whose feature is enabled are passed, so the client advertises exactly
    those capabilities (sampling / elicitation / roots) in initialize.
    """

    def __init__(self, *, sampling: bool = True, elicitation: bool = True, roots: Sequence[str] | None = None,
                 sampling_reply: Callable[[str], str] | None = None,
                 elicitation_reply: tuple[str, dict[str, Any] | None] = ("accept", {"answer": "yes"})):
        self.enable_sampling = sampling
        self.enable_elicitation = elicitation
        self.roots = list(roots) if roots is not None else None
        self.sampling_reply = sampling_reply or (lambda prompt: f"LLM:{prompt}")
        self.elicitation_reply = elicitation_reply
        self.sampling_requests: list[Any] = []
        self.elicitation_requests: list[Any] = []
        self.roots_requests = 0
        self.logs: list[Any] = []
        self.messages: list[Any] = []
        self.progress: list[tuple[float, float | None, str | None]] = []

    async def _sampling(self, context: Any, params: Any) -> Any:
        import mcp_types as types

        self.sampling_requests.append(params)
        first = params.messages[0].content if params.messages else None
        prompt = getattr(first, "text", "") if first is not None else ""
        return types.CreateMessageResult(role="assistant", content=types.TextContent(type="text", text=self.sampling_reply(prompt)),
                                         model="e2e-test-model", stop_reason="endTurn")

    async def _elicitation(self, context: Any, params: Any) -> Any:
        import mcp_types as types

        self.elicitation_requests.append(params)
        action, content = self.elicitation_reply
        return types.ElicitResult(action=action, content=content if action == "accept" else None)

    async def _roots(self, context: Any) -> Any:
        import mcp_types as types

        self.roots_requests += 1
        return types.ListRootsResult(roots=[types.Root(uri=u) for u in self.roots or []])

    async def _logging(self, params: Any) -> None:
        self.logs.append(params)

    async def _message(self, message: Any) -> None:
        self.messages.append(message)

    def progress_callback(self) -> Callable[[float, float | None, str | None], Any]:
        async def cb(progress: float, total: float | None, message: str | None) -> None:
            self.progress.append((progress, total, message))

        return cb

    def session_kwargs(self) -> dict[str, Any]:
        kw: dict[str, Any] = {"logging_callback": self._logging, "message_handler": self._message}
        if self.enable_sampling:
            kw["sampling_callback"] = self._sampling
        if self.enable_elicitation:
            kw["elicitation_callback"] = self._elicitation
        if self.roots is not None:
            kw["list_roots_callback"] = self._roots
        return kw


def auth_headers(token: str | None = None, headers: Mapping[str, str] | None = None) -> dict[str, str]:
    h = dict(headers or {})
    if token is not None:
        h["Authorization"] = f"Bearer {token}"
    return h


@asynccontextmanager
async def mcp_session(url: str, *, token: str | None = None, headers: Mapping[str, str] | None = None,
                      recorder: Recorder | None = None, initialize: bool = True, read_timeout: float = 30.0,
                      connect_timeout: float = 10.0, init_timeout: float = 15.0,
                      terminate_on_close: bool = True, **session_kwargs: Any) -> AsyncIterator[Any]:
    """Official-SDK ClientSession over Streamable HTTP, initialized (legacy handshake, 2025-11-25).

    Headers: mcp 2.3.0's streamable_http_client takes no headers argument; they go on an
    httpx2.AsyncClient passed as http_client= (httpx2, not httpx: the SDK moved to it).
    The SDK adds Accept, Content-Type, Mcp-Session-Id and MCP-Protocol-Version itself.
    `read_timeout` bounds every request (ClientSession read_timeout_seconds) and each HTTP read.
    Extra keyword arguments go to ClientSession (e.g. client_info=...).
    """
    import anyio
    import httpx2
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    rec = recorder if recorder is not None else Recorder()
    timeout = httpx2.Timeout(connect_timeout, read=read_timeout)
    async with httpx2.AsyncClient(headers=auth_headers(token, headers), timeout=timeout) as http:
        async with streamable_http_client(url, http_client=http, terminate_on_close=terminate_on_close) as (read, write):
            kwargs = {**rec.session_kwargs(), **session_kwargs}
            async with ClientSession(read, write, read_timeout_seconds=read_timeout, **kwargs) as session:
                if initialize:
                    with anyio.fail_after(init_timeout):
                        await session.initialize()
                yield session


@asynccontextmanager
async def mcp_client(url: str, *, token: str | None = None, headers: Mapping[str, str] | None = None,
                     mode: str = "auto", read_timeout: float = 30.0, connect_timeout: float = 10.0,
                     open_timeout: float = 30.0, **client_kwargs: Any) -> AsyncIterator[Any]:
    """The SDK's high-level mcp.Client over Streamable HTTP.

    mode="auto" (the SDK default) first POSTs `server/discover` at 2026-07-28 and falls back
    to `initialize` on any error that is not a modern one -- this is what most agents built
    on mcp 2.3.0 do. mode="legacy" goes straight to initialize. Client(url_string) cannot
    take headers, so a transport built with our httpx2 client is passed instead.
    """
    import anyio
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    timeout = httpx2.Timeout(connect_timeout, read=read_timeout)
    async with httpx2.AsyncClient(headers=auth_headers(token, headers), timeout=timeout) as http:
        client = Client(streamable_http_client(url, http_client=http), mode=mode,
                        read_timeout_seconds=read_timeout, **client_kwargs)
        # The deadline must wrap the whole `async with` (the client's task groups have to
        # exit inside the scope they were entered in); it is lifted once the client is open.
        with anyio.fail_after(open_timeout) as scope:
            async with client:
                scope.deadline = math.inf
                yield client


def result_text(result: Any) -> str:
    """Concatenated text content of a CallToolResult (SDK model or raw JSON dict)."""
    if isinstance(result, dict):
        return "".join(c.get("text", "") for c in result.get("content", []) if c.get("type") == "text")
    return "".join(getattr(c, "text", "") for c in result.content if getattr(c, "type", None) == "text")


# --------------------------------------------------------------------------- raw HTTP
@dataclasses.dataclass
class SSEEvent:
    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        return json.loads(self.data) if self.data else None


class SSEParser:
    """Incremental text/event-stream parser (WHATWG rules: LF, CRLF or CR line ends,
    comments, multi-line data, `id` without NUL, numeric `retry`)."""

    def __init__(self) -> None:
        self._buf = ""
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._retry: int | None = None
        self._has_fields = False

    def feed(self, text: str) -> list[SSEEvent]:
        self._buf += text
        out: list[SSEEvent] = []
        while True:
            idx = min((i for i in (self._buf.find("\r"), self._buf.find("\n")) if i != -1), default=-1)
            if idx == -1:
                break
            if self._buf[idx] == "\r" and idx + 1 == len(self._buf):
                break  # a lone CR at the end may be the first half of CRLF
            line = self._buf[:idx]
            skip = 2 if self._buf[idx:idx + 2] == "\r\n" else 1
            self._buf = self._buf[idx + skip:]
            ev = self._line(line)
            if ev is not None:
                out.append(ev)
        return out

    def finish(self) -> list[SSEEvent]:
        """End of stream: per the SSE spec an unterminated event is discarded."""
        self._buf = ""
        self._data, self._event, self._has_fields = [], "", False
        return []

    def _line(self, line: str) -> SSEEvent | None:
        if line == "":
            if not self._has_fields:
                return None
            ev = SSEEvent(data="\n".join(self._data), event=self._event or "message", id=self._id, retry=self._retry)
            self._data, self._event, self._retry, self._has_fields = [], "", None, False
            return ev
        if line.startswith(":"):
            return None
        field, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id":
            if "\0" not in value:
                self._id = value
        elif field == "retry":
            if value.isdigit():
                self._retry = int(value)
        else:
            return None
        self._has_fields = True
        return None


def parse_sse(body: bytes | str) -> list[SSEEvent]:
    """Parse a complete SSE body into events (an unterminated trailing event is dropped)."""
    p = SSEParser()
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return p.feed(text) + p.finish()


@dataclasses.dataclass
class RawReply:
    status: int
    headers: Any  # httpx.Headers (case-insensitive)
    body: bytes = b""
    events: list[SSEEvent] = dataclasses.field(default_factory=list)
    timed_out: bool = False  # the deadline ended an open stream

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def session_id(self) -> str | None:
        return self.headers.get("mcp-session-id")

    @property
    def is_sse(self) -> bool:
        return self.content_type == "text/event-stream"

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def messages(self) -> list[dict[str, Any]]:
        """JSON-RPC messages in the reply: the JSON body (object or array) or the SSE data events."""
        if self.is_sse:
            msgs = [e.json() for e in self.events if e.data]
        elif self.content_type == "application/json" and self.body:
            msgs = [self.json()]
        else:
            return []
        flat: list[dict[str, Any]] = []
        for m in msgs:
            flat.extend(m if isinstance(m, list) else [m])
        return flat

    def response_for(self, request_id: Any) -> dict[str, Any] | None:
        for m in self.messages:
            if m.get("id") == request_id and ("result" in m or "error" in m):
                return m
        return None


class RawMCP:
    """Raw Streamable HTTP peer (httpx, synchronous) for protocol-level tests.

        raw = RawMCP(gw.url("rich"), token=grant.token)
        raw.initialize()                         # POST initialize + notifications/initialized
        reply = raw.post({"jsonrpc": "2.0", "id": 7, "method": "tools/list"})
        reply.status, reply.content_type, reply.response_for(7)
        raw.post(b"{not json", headers={"Content-Type": "application/json"})   # arbitrary bytes
        stream = raw.get(max_events=1, timeout=2)   # GET SSE stream, bounded
        raw.delete()

    Session id and protocol version learned from initialize are sent automatically on later
    requests (session=False / protocol=False turn that off, or pass the header yourself:
    explicit headers win; a header given as None is removed).
    SSE replies are read until the JSON-RPC response to the posted request arrives, the
    stream ends, `max_events` events arrived, or `timeout` seconds passed (timed_out=True).
    """

    def __init__(self, url: str, *, token: str | None = None, headers: Mapping[str, str] | None = None,
                 timeout: float = 10.0):
        import httpx

        self.url = url
        self.timeout = timeout
        self.base_headers = auth_headers(token, headers)
        self.session_id: str | None = None
        self.protocol_version: str | None = None
        self._next_id = 0
        self.http = httpx.Client(timeout=httpx.Timeout(timeout))

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> RawMCP:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def next_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _headers(self, extra: Mapping[str, str | None] | None, *, accept: str, content_type: str | None,
                 session: bool, protocol: bool) -> dict[str, str]:
        h: dict[str, str | None] = {"Accept": accept, **self.base_headers}
        if content_type:
            h["Content-Type"] = content_type
        if session and self.session_id:
            h["Mcp-Session-Id"] = self.session_id
        if protocol and self.protocol_version:
            h["MCP-Protocol-Version"] = self.protocol_version
        lower = {k.lower(): k for k in h}
        for k, v in (extra or {}).items():
            if k.lower() in lower:
                del h[lower[k.lower()]]
            if v is not None:
                h[k] = v
                lower[k.lower()] = k
        return {k: v for k, v in h.items() if v is not None}

    def request_raw(self, method: str, content: bytes | None = None, *, headers: Mapping[str, str | None] | None = None,
                    accept: str = ACCEPT_BOTH, content_type: str | None = "application/json", session: bool = True,
                    protocol: bool = True, timeout: float | None = None, max_events: int | None = None,
                    until_id: Any = None, url: str | None = None) -> RawReply:
        """Send any HTTP method with any body/headers; read the reply within `timeout` seconds."""
        import httpx

        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        h = self._headers(headers, accept=accept, content_type=content_type if content is not None else None,
                          session=session, protocol=protocol)
        req = self.http.build_request(method, url or self.url, content=content, headers=h,
                                      timeout=httpx.Timeout(timeout))
        try:
            resp = self.http.send(req, stream=True)
        except httpx.TimeoutException:
            return RawReply(status=0, headers=httpx.Headers(), timed_out=True)
        try:
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != "text/event-stream":
                body = b""
                try:
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if time.monotonic() > deadline:
                            return RawReply(resp.status_code, resp.headers, body, timed_out=True)
                except httpx.TimeoutException:
                    return RawReply(resp.status_code, resp.headers, body, timed_out=True)
                return RawReply(resp.status_code, resp.headers, body)
            parser = SSEParser()
            events: list[SSEEvent] = []
            raw = b""
            timed_out = False
            try:
                for chunk in resp.iter_raw():
                    raw += chunk
                    for ev in parser.feed(chunk.decode("utf-8", "replace")):
                        events.append(ev)
                        if max_events is not None and len(events) >= max_events:
                            return RawReply(resp.status_code, resp.headers, raw, events)
                        if until_id is not None and ev.data:
                            try:
                                m = json.loads(ev.data)
                            except ValueError:
                                continue
                            if isinstance(m, dict) and m.get("id") == until_id and ("result" in m or "error" in m):
                                return RawReply(resp.status_code, resp.headers, raw, events)
                    if time.monotonic() > deadline:
                        timed_out = True
                        break
            except httpx.TimeoutException:
                timed_out = True
            except httpx.RemoteProtocolError:
                pass  # peer closed mid-stream; return what arrived
            events.extend(parser.finish())
            return RawReply(resp.status_code, resp.headers, raw, events, timed_out=timed_out)
        finally:
            resp.close()

    def post(self, message: Any, **kwargs: Any) -> RawReply:
        """POST a JSON-RPC message (dict/list, serialized) or raw bytes/str as the body."""
        if isinstance(message, (bytes, bytearray)):
            content = bytes(message)
        elif isinstance(message, str):
            content = message.encode()
        else:
            content = json.dumps(message).encode()
            if isinstance(message, dict) and "id" in message and "method" in message:
                kwargs.setdefault("until_id", message["id"])
        return self.request_raw("POST", content, **kwargs)

    def request(self, method: str, params: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """POST one JSON-RPC request; return the response message (raise if none arrived)."""
        rid = self.next_id()
        msg: dict[str, Any] = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        reply = self.post(msg, **kwargs)
        resp = reply.response_for(rid)
        if resp is None:
            raise HarnessError(f"no JSON-RPC response to {method} (id {rid}): HTTP {reply.status} "
                               f"{reply.content_type} timed_out={reply.timed_out} body={reply.body[:500]!r}")
        return resp

    def notify(self, method: str, params: dict[str, Any] | None = None, **kwargs: Any) -> RawReply:
        msg: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        return self.post(msg, **kwargs)

    def initialize(self, *, protocol_version: str = PROTOCOL_VERSION, capabilities: dict[str, Any] | None = None,
                   client_info: dict[str, Any] | None = None, send_initialized: bool = True,
                   **kwargs: Any) -> RawReply:
        """POST initialize; remember Mcp-Session-Id and the negotiated version; send initialized."""
        self.session_id = None
        self.protocol_version = None
        rid = self.next_id()
        msg = {"jsonrpc": "2.0", "id": rid, "method": "initialize", "params": {
            "protocolVersion": protocol_version, "capabilities": capabilities or {},
            "clientInfo": client_info or {"name": "gatehouse-e2e-raw", "version": "0.1"}}}
        reply = self.post(msg, **kwargs)
        resp = reply.response_for(rid)
        if reply.status != 200 or resp is None or "result" not in resp:
            raise HarnessError(f"initialize failed: HTTP {reply.status} {reply.content_type} body={reply.body[:500]!r}")
        self.session_id = reply.session_id
        self.protocol_version = resp["result"].get("protocolVersion", protocol_version)
        if send_initialized:
            n = self.notify("notifications/initialized")
            if n.status != 202:
                raise HarnessError(f"notifications/initialized answered HTTP {n.status}, want 202")
        return reply

    def get(self, *, last_event_id: str | None = None, accept: str = "text/event-stream", timeout: float = 2.0,
            max_events: int | None = None, headers: Mapping[str, str | None] | None = None, **kwargs: Any) -> RawReply:
        """GET the MCP endpoint (standalone SSE stream); bounded by `timeout`/`max_events`."""
        h = dict(headers or {})
        if last_event_id is not None:
            h["Last-Event-ID"] = last_event_id
        return self.request_raw("GET", None, headers=h, accept=accept, timeout=timeout, max_events=max_events, **kwargs)

    def delete(self, **kwargs: Any) -> RawReply:
        return self.request_raw("DELETE", None, **kwargs)

    def call_tool(self, name: str, arguments: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        return self.request("tools/call", {"name": name, "arguments": arguments or {}}, **kwargs)


# --------------------------------------------------------------------------- stdio
class StdioPeer:
    """Raw newline-delimited JSON-RPC over a subprocess's stdin/stdout (bounded reads)."""

    def __init__(self, cmd: Sequence[str], env: Mapping[str, str] | None = None, stderr_path: Path | None = None):
        import selectors

        self.stderr_path = stderr_path or Path(tempfile.mkstemp(prefix="stdio-peer-", suffix=".log")[1])
        err = open(self.stderr_path, "ab")
        try:
            self.proc = subprocess.Popen(list(cmd), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                         env={**os.environ, **(env or {})}, start_new_session=True)
        finally:
            err.close()
        self._sel = selectors.DefaultSelector()
        self._sel.register(self.proc.stdout, selectors.EVENT_READ)
        self._buf = b""
        self._next_id = 0

    def send(self, message: Any) -> None:
        data = message if isinstance(message, bytes) else json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(data + b"\n")
        self.proc.stdin.flush()

    def read_message(self, timeout: float = 10.0) -> dict[str, Any] | None:
        """Next JSON message from stdout, or None at EOF; HarnessError after `timeout`."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buf:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise HarnessError(f"no message on stdout within {timeout}s")
            if not self._sel.select(remaining):
                continue
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return json.loads(line)

    def request(self, method: str, params: dict[str, Any] | None = None, timeout: float = 10.0) -> dict[str, Any] | None:
        """Send a request; return its response (skipping notifications), None if stdout closed."""
        self._next_id += 1
        rid = self._next_id
        msg: dict[str, Any] = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        deadline = time.monotonic() + timeout
        while True:
            m = self.read_message(max(0.0, deadline - time.monotonic()))
            if m is None:
                return None
            if m.get("id") == rid and ("result" in m or "error" in m):
                return m

    def initialize(self, protocol_version: str = PROTOCOL_VERSION) -> dict[str, Any]:
        resp = self.request("initialize", {"protocolVersion": protocol_version, "capabilities": {},
                                           "clientInfo": {"name": "gatehouse-e2e-stdio", "version": "0.1"}})
        if resp is None or "result" not in resp:
            raise HarnessError(f"initialize failed: {resp!r}")
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return resp["result"]

    def wait(self, timeout: float = 10.0) -> int:
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self.proc.wait(timeout=10)
        finally:
            self._sel.close()
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    if f is not None:
                        f.close()
                except OSError:
                    pass

    def __enter__(self) -> StdioPeer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def b64_header_value(value: str) -> str:
    """The 2026-07-28 `=?base64?...?=` sentinel encoding for Mcp-Name / Mcp-Param-* values."""
    return f"=?base64?{base64.b64encode(value.encode()).decode()}?="
