"""Which database errors are outages (answered 503) and which are not: real errors from real
databases, through the same engines the server uses."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from jam.api.outage import OutageKind, outage_of
from jam.db import Database
from tests.server import free_port


async def _error_of(db: Database, statement: str, *, write: bool) -> BaseException:
    try:
        if write:
            await db.write(lambda session: session.execute(text(statement)))
        else:
            async with db.read() as session:
                await session.execute(text(statement))
    except Exception as error:
        return error
    finally:
        await db.dispose()
    raise AssertionError("the statement did not fail")


async def test_postgresql_refusing_connections_is_unreachable() -> None:
    db = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nowhere")
    outage = outage_of(await _error_of(db, "SELECT 1", write=False))
    assert outage is not None and outage.kind is OutageKind.UNREACHABLE
    assert outage.retry_after > 0


async def test_a_postgresql_host_that_never_answers_is_unreachable_within_the_timeout() -> None:
    # Accepts connections and never says a word.
    held: list[object] = []
    silent = await asyncio.start_server(lambda r, w: held.append(w), "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    try:
        db = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{port}/x", connect_timeout=0.5)
        started = time.monotonic()
        error = await _error_of(db, "SELECT 1", write=False)
        assert time.monotonic() - started < 5 and held
        assert isinstance(error, TimeoutError)
    finally:
        silent.close()
    outage = outage_of(error)
    assert outage is not None and outage.kind is OutageKind.UNREACHABLE


def test_a_timeout_of_our_own_is_not_an_outage() -> None:
    try:
        raise TimeoutError("a deadline of ours")
    except TimeoutError as error:
        assert outage_of(error) is None


async def test_a_sqlite_file_opened_read_only_refuses_writes_as_read_only(
    sqlite_template: Path,
) -> None:
    url = f"sqlite+aiosqlite:///file:{sqlite_template}?mode=ro&uri=true"
    error = await _error_of(Database(url), "DELETE FROM worker_lease", write=True)
    outage = outage_of(error)
    assert outage is not None and outage.kind is OutageKind.READ_ONLY
    assert "read-only" in outage.message and "SQL" not in outage.message


def test_a_full_sqlite_database_is_full(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "small.db")
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("PRAGMA max_page_count = 3")  # what a full disk looks like to SQLite
    with pytest.raises(sqlite3.OperationalError) as failed:
        for _ in range(100):
            connection.execute("INSERT INTO t VALUES (?)", ("x" * 4000,))
    connection.close()
    outage = outage_of(failed.value)
    assert outage is not None and outage.kind is OutageKind.FULL


async def test_errors_of_the_request_itself_are_not_outages(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    assert outage_of(await _error_of(db, "SELECT * FROM no_such_table", write=False)) is None
    assert outage_of(ValueError("bad cursor")) is None
    assert outage_of(None) is None
