"""The database is down, read-only or full: answer ``503 SERVICE_UNAVAILABLE`` with
``Retry-After``, never a 500 or "Unexpected error.".

- :func:`outage_of` classifies an exception (following ``.orig``, ``__cause__`` and
  ``__context__``): connection refused, reset or closed, a connect that timed out (a host that
  does not answer: ``jam.db`` gives up after 10 s), PostgreSQL SQLSTATE classes 08
  (connection), 53 (insufficient resources: disk full, out of memory, too many connections),
  57P01-57P03 (shut down, starting up) and 25006 (read-only transaction, e.g.
  ``default_transaction_read_only``), SQLAlchemy's pool timeout and invalidated connections, and
  SQLite's SQLITE_READONLY ("attempt to write a readonly database"), SQLITE_FULL ("database or
  disk is full"), SQLITE_CANTOPEN, SQLITE_IOERR and SQLITE_BUSY (locked past its timeout).
- :class:`OutageAwareMaskErrors` (the schema's error masking) turns a field error caused by an
  outage into a top-level error with ``extensions.code = SERVICE_UNAVAILABLE`` and sets the HTTP
  response to 503 with ``Retry-After``; everything else is masked as before. A read-only or full
  database fails only the writes, so reads keep answering 200.
- :class:`OutageMiddleware` catches an outage that escapes the GraphQL view (the session look-up
  before execution) and answers the same 503 (a WebSocket handshake is closed with 1013, "try
  again later").

Nothing is cached: the next request after the database is back succeeds (the PostgreSQL pool
pings connections on checkout and reconnects).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import MaskErrors

from graphql import GraphQLError

log = logging.getLogger("jam.api")

CODE = "SERVICE_UNAVAILABLE"
# WebSocket close code "try again later".
TRY_AGAIN_LATER = 1013


class OutageKind(Enum):
    UNREACHABLE = "unreachable"
    READ_ONLY = "read_only"
    FULL = "full"


@dataclass(frozen=True)
class Outage:
    kind: OutageKind
    message: str
    retry_after: int  # seconds


_OUTAGES = {
    OutageKind.UNREACHABLE: Outage(
        OutageKind.UNREACHABLE,
        "the database is unavailable right now; try again shortly",
        5,
    ),
    OutageKind.READ_ONLY: Outage(
        OutageKind.READ_ONLY,
        "the database is read-only right now: changes are refused, reading still works",
        30,
    ),
    OutageKind.FULL: Outage(
        OutageKind.FULL,
        "the database is full right now: changes are refused, reading still works",
        30,
    ),
}

# SQLite primary result codes (sqlite_errorcode & 0xff).
_SQLITE = {
    5: OutageKind.UNREACHABLE,  # SQLITE_BUSY: still locked after busy_timeout
    8: OutageKind.READ_ONLY,  # SQLITE_READONLY
    10: OutageKind.UNREACHABLE,  # SQLITE_IOERR
    13: OutageKind.FULL,  # SQLITE_FULL
    14: OutageKind.UNREACHABLE,  # SQLITE_CANTOPEN
}
_SQLITE_MESSAGES = {
    "attempt to write a readonly database": OutageKind.READ_ONLY,
    "database or disk is full": OutageKind.FULL,
    "unable to open database file": OutageKind.UNREACHABLE,
    "disk i/o error": OutageKind.UNREACHABLE,
}


def _sqlstate_kind(code: str) -> OutageKind | None:
    if code == "25006":  # read_only_sql_transaction
        return OutageKind.READ_ONLY
    if code == "53100":  # disk_full
        return OutageKind.FULL
    if code.startswith(("08", "53")) or code in {"57P01", "57P02", "57P03"}:
        return OutageKind.UNREACHABLE
    return None


def _raised_in_driver(error: BaseException) -> bool:
    """Whether ``error`` came out of the database driver or SQLAlchemy (a timeout elsewhere,
    say a deadline of ours, is not an outage)."""
    frames = traceback.extract_tb(error.__traceback__)
    return any(
        f"{os.sep}{package}{os.sep}" in frame.filename
        for frame in frames
        for package in ("asyncpg", "sqlalchemy", "aiosqlite")
    )


def _kind_of(error: BaseException) -> OutageKind | None:
    if isinstance(error, sqlite3.Error):
        number = getattr(error, "sqlite_errorcode", None)
        if isinstance(number, int) and (number & 0xFF) in _SQLITE:
            return _SQLITE[number & 0xFF]
        text = str(error).lower()
        return next((kind for words, kind in _SQLITE_MESSAGES.items() if words in text), None)
    code = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if isinstance(code, str) and (kind := _sqlstate_kind(code)) is not None:
        return kind
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return OutageKind.UNREACHABLE
    if isinstance(error, (ConnectionError, socket.gaierror, PoolTimeout)):
        return OutageKind.UNREACHABLE
    if isinstance(error, TimeoutError) and _raised_in_driver(error):
        return OutageKind.UNREACHABLE  # connecting to a host that does not answer
    if isinstance(error, OSError) and any(
        words in str(error).lower() for words in ("connect call failed", "multiple exceptions")
    ):
        return OutageKind.UNREACHABLE  # asyncio's connect to several addresses, all refused
    # asyncpg's "connection is closed" / "connection was closed in the middle of operation".
    if type(error).__name__ in {"ConnectionDoesNotExistError", "InterfaceError"} and (
        "connection" in str(error).lower() and "closed" in str(error).lower()
    ):
        return OutageKind.UNREACHABLE
    return None


def outage_of(error: BaseException | None) -> Outage | None:
    """The outage ``error`` reports (looking through wrapped and chained causes), else None."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen or len(seen) > 16:
            continue
        seen.add(id(current))
        kind = _kind_of(current)
        if kind is not None:
            return _OUTAGES[kind]
        orig = getattr(current, "orig", None)
        for cause in (orig, current.__cause__, current.__context__):
            if isinstance(cause, BaseException):
                pending.append(cause)
    return None


def _extensions(outage: Outage) -> dict[str, Any]:
    return {"code": CODE, "reason": outage.kind.value, "retryAfter": outage.retry_after}


class ServiceUnavailable(GraphQLError):
    """The top-level error of a request the database could not serve (never masked)."""

    def __init__(self, outage: Outage, **located: Any) -> None:
        super().__init__(outage.message, extensions=_extensions(outage), **located)


class _Throttled:
    """One log line per outage kind every few seconds, never a traceback per request."""

    def __init__(self, every: float = 5.0) -> None:
        self.every = every
        self.last: dict[OutageKind, float] = {}

    def __call__(self, outage: Outage, error: BaseException | None) -> None:
        now = time.monotonic()
        if now - self.last.get(outage.kind, -self.every) >= self.every:
            self.last[outage.kind] = now
            cause = f"{type(error).__name__}: {error}" if error is not None else "?"
            log.warning("database %s: answering 503 (%s)", outage.kind.value, cause[:300])


note_outage = _Throttled()


def mark_unavailable(response: Any, outage: Outage) -> None:
    """Make the HTTP response of this request a 503 with Retry-After (the longest asked)."""
    if response is None or not hasattr(response, "headers"):
        return
    response.status_code = 503
    before = response.headers.get("retry-after")
    wait = outage.retry_after
    if before and before.isdigit():
        wait = max(wait, int(before))
    response.headers["Retry-After"] = str(wait)


class OutageAwareMaskErrors(MaskErrors):
    """MaskErrors that answers database outages as SERVICE_UNAVAILABLE instead of masking
    them as "Unexpected error."; ``should_mask_error`` decides for everything else."""

    def __init__(
        self,
        should_mask_error: Callable[[GraphQLError], bool],
        error_message: str = "Unexpected error.",
    ) -> None:
        super().__init__(
            should_mask_error=lambda e: outage_of(e.original_error) is not None
            or should_mask_error(e),
            error_message=error_message,
        )

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        outage = outage_of(error.original_error)
        if outage is None:
            return super().anonymise_error(error)
        note_outage(outage, error.original_error)
        context = getattr(self.execution_context, "context", None)
        mark_unavailable(getattr(context, "response", None), outage)
        return ServiceUnavailable(
            outage, nodes=error.nodes, source=error.source, positions=error.positions,
            path=error.path,
        )


def unavailable_body(outage: Outage) -> bytes:
    error = {"message": outage.message, "extensions": _extensions(outage)}
    return json.dumps({"data": None, "errors": [error]}).encode()


class OutageMiddleware:
    """Answers an outage that escaped the app (HTTP: 503 JSON with Retry-After; WebSocket:
    close 1013) instead of letting it become a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        sent: set[str] = set()

        async def tracking_send(message: Message) -> None:
            sent.add(message["type"])
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            outage = outage_of(error)
            if outage is None or sent & {"http.response.start", "websocket.close"}:
                raise
            note_outage(outage, error)
            if scope["type"] == "websocket":
                # Accepted (strawberry accepts before its context is made) or not: close with
                # "try again later" (before the accept, servers turn this into a 403).
                await send({"type": "websocket.close", "code": TRY_AGAIN_LATER})
                return
            body = unavailable_body(outage)
            await send(
                {
                    "type": "http.response.start",
                    "status": 503,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"retry-after", str(outage.retry_after).encode()),
                        (b"cache-control", b"no-store"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
