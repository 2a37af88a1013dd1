"""Engines and transactions.

One :class:`Database` per process. Writes go through :meth:`Database.write`, which runs a
function in one transaction and retries it on the conflicts concurrency produces (a unique key
another writer inserted first, a PostgreSQL serialization failure or deadlock). Reads use
short sessions from :meth:`Database.read`.

SQLite: WAL, ``foreign_keys=ON`` and a ``busy_timeout``; the writer engine opens every
transaction with ``BEGIN IMMEDIATE`` (the write lock is taken up front, so read-then-write
transactions never lose updates nor fail with "database is locked" on lock upgrade), and writers
in this process queue on an ``asyncio.Lock`` instead of spinning in SQLite's busy handler.
Readers use a second engine with plain deferred ``BEGIN`` and run concurrently with the writer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = logging.getLogger(__name__)

# Set in a session's ``info`` by ``jam.events.record_event`` (kept here: db sits below events).
EVENTS_RECORDED = "jam_events_recorded"

T = TypeVar("T")

MAX_ATTEMPTS = 6
# SQLSTATEs worth retrying: serialization_failure, deadlock_detected.
RETRY_SQLSTATES = {"40001", "40P01"}
# How long opening a PostgreSQL connection may take.
CONNECT_TIMEOUT_SECONDS = 10.0
# Rows or ids per statement: well under both backends' bound-parameter limits.
BATCH_ROWS = 5_000


def batches(items: Sequence[T], size: int = BATCH_ROWS) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``, for IN lists and multi-row inserts."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy's "begin" event below (pysqlite's own
    # implicit BEGIN would be deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except Exception as error:
        # A read-only file not in WAL mode yet: still serve its reads (writes answer 503).
        if "readonly" not in str(error):
            raise
        log.warning("the SQLite database is read-only: %s", error)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _create_sqlite_engine(url: str, *, immediate: bool) -> AsyncEngine:
    engine = create_async_engine(url, pool_pre_ping=False)
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    event.listen(engine.sync_engine, "begin", _begin)
    return engine


def _is_retryable(error: Exception) -> bool:
    if isinstance(error, IntegrityError):
        # A concurrent writer inserted the same unique key first: rerunning the action lets its
        # own checks see that row and answer as if the calls had been sequential.
        return True
    if isinstance(error, DBAPIError):
        code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
        return code in RETRY_SQLSTATES
    return False


class Database:
    """The process's engines and session factories."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 10,
        echo: bool = False,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
    ) -> None:
        self.url = url
        self.sqlite = is_sqlite(url)
        if self.sqlite:
            self.writer = _create_sqlite_engine(url, immediate=True)
            self.reader = _create_sqlite_engine(url, immediate=False)
        else:
            self.writer = create_async_engine(
                url,
                pool_size=pool_size,
                max_overflow=pool_size,
                echo=echo,
                pool_pre_ping=True,
                # A database host that does not answer fails a request in seconds (a 503),
                # not after asyncpg's default minute.
                connect_args={"timeout": connect_timeout},
            )
            self.reader = self.writer
        self._write_sessions = async_sessionmaker(self.writer, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(self.reader, expire_on_commit=False)
        self._write_lock = asyncio.Lock() if self.sqlite else None
        self._on_commit: list[Callable[[], None]] = []

    def on_events_committed(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after each commit of a transaction that recorded events (the
        in-process wake-up of this process's event feed)."""
        self._on_commit.append(callback)

    @property
    def engines(self) -> list[AsyncEngine]:
        return [self.writer] if self.reader is self.writer else [self.writer, self.reader]

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A short session for reads; never shared between concurrent resolvers."""
        async with self._read_sessions() as session:
            yield session

    @asynccontextmanager
    async def _write_slot(self) -> AsyncIterator[None]:
        if self._write_lock is None:
            yield
        else:
            async with self._write_lock:
                yield

    async def write(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``work`` in one transaction; commit, or roll back everything on any exception.

        Conflicts caused by concurrent writers are retried with a fresh transaction; ``work``
        must therefore do all its reads inside the transaction it is given.
        """
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                async with self._write_slot(), self._write_sessions.begin() as session:
                    result = await work(session)
                if session.info.get(EVENTS_RECORDED):
                    for callback in self._on_commit:
                        callback()
                return result
            except (IntegrityError, DBAPIError) as error:
                if attempt == MAX_ATTEMPTS or not _is_retryable(error):
                    raise
                log.debug("retrying write after conflict (attempt %d): %s", attempt, error)
                await asyncio.sleep(0.002 * attempt)
        raise AssertionError("unreachable")

    async def dispose(self) -> None:
        for engine in self.engines:
            await engine.dispose()
