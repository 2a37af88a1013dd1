"""A starting server waits for an unreachable database, for a while (jam.app)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError

from jam.app import schema_when_reachable
from tests.server import free_port


async def test_an_unreachable_database_is_retried_until_the_wait_runs_out() -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nothing"  # nobody listens
    began = time.monotonic()
    with pytest.raises(OSError):
        await schema_when_reachable(url, wait_seconds=1.6)
    assert 1.0 <= time.monotonic() - began < 10  # retried (0.5 s, 1 s), then gave up


async def test_a_failure_that_is_not_an_outage_is_raised_at_once(tmp_path: Path) -> None:
    garbage = tmp_path / "x.db"
    garbage.write_bytes(b"this is not a database file" * 100)
    began = time.monotonic()
    with pytest.raises(DatabaseError, match="not a database"):
        await schema_when_reachable(f"sqlite+aiosqlite:///{garbage}", wait_seconds=30)
    assert time.monotonic() - began < 5
