"""PostgreSQL for the replica tests: an isolated database per test on the shared test server,
and private clusters a test may stop and start (for "the database went down").

  shared_server_url()       $GATEHOUSE_TEST_POSTGRES_URL, else `scripts/postgres start` (the
                            shared throwaway server in /tmp/gatehouse-postgres, left running)
  fresh_database(url)       context manager: CREATE DATABASE gh_<random>, yields its URL, drops it
  PrivateCluster(dir)       a cluster of the test's own (scripts/postgres on a free port):
                            start(), stop() (immediate: what a crash looks like), url

Never stops the shared server: other tests (and other runs) use it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

from harness import REPO_ROOT, free_port

POSTGRES_SCRIPT = REPO_ROOT / "scripts" / "postgres"


def postgres_missing_reason() -> str | None:
    """None when a PostgreSQL server can be started here (Debian's package is installed)."""
    if os.environ.get("GATEHOUSE_TEST_POSTGRES_URL"):
        return None
    if not list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")):
        return "PostgreSQL is not installed (scripts/install-deps postgresql) and GATEHOUSE_TEST_POSTGRES_URL is not set"
    return None


def shared_server_url() -> str:
    url = os.environ.get("GATEHOUSE_TEST_POSTGRES_URL")
    if url:
        return url
    out = subprocess.run([str(POSTGRES_SCRIPT), "start"], check=True, capture_output=True, text=True, timeout=120)
    return out.stdout.strip().splitlines()[-1]


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def psql(url: str, sql: str, timeout: float = 30.0) -> str:
    """Runs one statement with psql against `url` (the server's own `postgres` database)."""
    binary = shutil.which("psql") or str(sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))[-1])
    out = subprocess.run([binary, with_database(url, "postgres"), "-v", "ON_ERROR_STOP=1", "-tAc", sql],
                         check=True, capture_output=True, text=True, timeout=timeout)
    return out.stdout


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A database of its own for one test, dropped afterwards (even with replicas connected)."""
    name = f"gh_{uuid.uuid4().hex[:12]}"
    psql(server_url, f"CREATE DATABASE {name}")
    try:
        yield with_database(server_url, name)
    finally:
        psql(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class PrivateCluster:
    """A PostgreSQL cluster of the test's own, in `directory` on a free port."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.port = free_port()
        self.url = ""

    def _script(self, command: str) -> str:
        out = subprocess.run([str(POSTGRES_SCRIPT), command, str(self.directory), str(self.port)],
                             check=True, capture_output=True, text=True, timeout=120)
        return out.stdout.strip()

    def start(self) -> PrivateCluster:
        self.url = self._script("start").splitlines()[-1]
        return self

    def stop(self) -> None:
        """Stops the server at once, like a crash or a lost network (not a clean shutdown)."""
        self._script("kill")

    def remove(self) -> None:
        self._script("stop")
        shutil.rmtree(self.directory, ignore_errors=True)
