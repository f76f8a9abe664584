"""The project's own catalog, content/: what scripts/import-content made is whole and agrees
with its recipe (content/import.json), its locks and content/README.md — checked offline; the
import itself needs PyPI and is a maintainer's command, not part of the tests."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from harness import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "import-content"
CONTENT = REPO_ROOT / "content"


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def test_recipe_locks_server_files_and_readme_agree() -> None:
    cp = run(SCRIPT, "--check")
    assert cp.returncode == 0, cp.stderr
    assert cp.stdout.startswith("ok: ")


def test_our_catalog_has_at_least_forty_real_servers_and_passes_catalog_check(gatehouse_binary: Path) -> None:
    recipe = json.loads((CONTENT / "import.json").read_text())
    imported = [s for s in recipe["servers"] if "skip" not in s]
    assert len(imported) >= 40
    for server in recipe["servers"]:
        assert "==" not in server["version"] and server["version"], server["id"]
        assert "skip" in server or (CONTENT / "import-locks" / f"{server['id']}.txt").exists(), server["id"]
    cp = run(gatehouse_binary, "catalog", "check", "--catalog", CONTENT)
    assert cp.returncode == 0, cp.stderr
    assert cp.stdout.startswith(f"ok: {len(imported)} servers")


def test_every_server_file_records_how_it_was_imported() -> None:
    for path in sorted((CONTENT / "servers").glob("*.json")):
        data = json.loads(path.read_text())
        assert data["id"] == path.stem
        assert data["import"]["by"] == "gatehouse import", path.name
        assert data["transport"] == "stdio", path.name
        assert data["tools"], f"{path.name}: no tools"


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed (scripts/import-content installs it)")
def test_the_import_sandbox_has_no_network() -> None:
    cp = run(SCRIPT, "--probe")
    assert cp.returncode == 0, cp.stderr
    assert "no network: interfaces ['lo']" in cp.stderr
