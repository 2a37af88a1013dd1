"""The `jam` command, run as a real process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.server import free_port

JAM = [sys.executable, "-m", "jam.cli"]


def _run(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JAM, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "JAM_DATABASE_URL": f"sqlite:///{db}", **env},
    )


def test_help_lists_the_commands() -> None:
    result = subprocess.run([*JAM, "--help"], capture_output=True, text=True, check=True)
    for command in ("serve", "db", "user", "demo"):
        assert command in result.stdout


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = _run("db", "upgrade", db=tmp_path / "cli.db")
    assert result.returncode == 0, result.stderr
    assert "head" in result.stdout and (tmp_path / "cli.db").exists()


def test_user_create_admin_then_a_duplicate_fails_clearly(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    first = _run(
        "user", "create", "Root@Example.org", "--admin", db=db, JAM_USER_PASSWORD="a-long-password"
    )
    assert first.returncode == 0, first.stderr
    assert "created admin Root@Example.org" in first.stdout
    again = _run("user", "create", "root@example.org", db=db, JAM_USER_PASSWORD="another-pass")
    assert again.returncode == 1
    assert "exists" in again.stderr and "Traceback" not in again.stderr


def test_user_create_without_a_password_off_a_terminal_says_how(tmp_path: Path) -> None:
    result = subprocess.run(
        [*JAM, "user", "create", "x@example.org"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env={
            **{k: v for k, v in os.environ.items() if k != "JAM_USER_PASSWORD"},
            "JAM_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        },
    )
    assert result.returncode == 2 and "JAM_USER_PASSWORD" in result.stderr


def test_serve_creates_an_empty_database_and_answers(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [*JAM, "serve", "--port", str(port), "--database-url", f"sqlite:///{tmp_path / 's.db'}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/graphql", json={"query": "{ viewer { id } }"}
                )
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert response.json() == {"data": {"viewer": None}}
    finally:
        process.terminate()
        process.wait(timeout=20)
