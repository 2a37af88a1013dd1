"""``/healthz`` and ``/readyz``: what is true about this server, for people and load balancers.

- ``/healthz`` checks the database (reachable), the migrations (the database's revision is the
  one this code needs) and the background worker (some ``jam worker`` holds a fresh lease, see
  ``jam.jobs.lease``). The JSON body has each check; 200 when all pass, 503 otherwise.
- ``/readyz`` is the cheap one for load balancers: ready means the database answers and its
  schema is current (one query: the Alembic revision). 200 or 503.

Each check has a deadline, so neither endpoint hangs on a database that does not answer.
"""

from __future__ import annotations

import asyncio
import functools
from datetime import datetime
from typing import Any

from alembic.runtime.migration import MigrationContext
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from jam.api.outage import outage_of
from jam.jobs import lease
from jam.migrate import head_revision as _head_revision
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

CHECK_SECONDS = 3.0
NO_STORE = {"Cache-Control": "no-store"}
# The revision this code needs (read from the migration scripts once).
head_revision = functools.cache(_head_revision)


def _failure(error: BaseException) -> dict[str, Any]:
    if isinstance(error, TimeoutError):
        return {"ok": False, "error": f"no answer within {CHECK_SECONDS:g} s"}
    outage = outage_of(error)
    reason = outage.kind.value if outage else type(error).__name__
    return {"ok": False, "error": f"database {reason}"}


async def _revision(rt: Runtime) -> str | None:
    async with rt.db.reader.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


async def _database_and_migrations(rt: Runtime) -> tuple[dict[str, Any], dict[str, Any]]:
    head = head_revision()
    try:
        revision = await asyncio.wait_for(_revision(rt), CHECK_SECONDS)
    except Exception as error:
        failed = _failure(error)
        return failed, {"ok": False, "error": "unknown: the database did not answer", "head": head}
    migrations: dict[str, Any] = {"ok": revision == head, "revision": revision, "head": head}
    if revision != head:
        migrations["error"] = "the schema is not the one this code needs: run `jam db upgrade`"
    return {"ok": True}, migrations


def _iso(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value is not None else None


async def _worker(rt: Runtime) -> dict[str, Any]:
    try:
        row = await asyncio.wait_for(lease.current_holder(rt), CHECK_SECONDS)
    except Exception as error:
        return _failure(error)
    if row is None:
        return {"ok": False, "error": "no worker has ever run (start `jam worker`)"}
    fresh = as_utc(row.expires_at) > utcnow()
    check: dict[str, Any] = {
        "ok": fresh,
        "holder": row.holder,
        "renewedAt": _iso(getattr(row, "renewed_at", None)),
        "expiresAt": _iso(row.expires_at),
    }
    if not fresh:
        check["error"] = "the worker's lease has expired: no worker is alive"
    return check


async def healthz(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    (database, migrations), worker = await asyncio.gather(
        _database_and_migrations(rt), _worker(rt)
    )
    checks = {"database": database, "migrations": migrations, "worker": worker}
    ok = all(check["ok"] for check in checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
        headers=NO_STORE,
    )


async def readyz(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    database, migrations = await _database_and_migrations(rt)
    ready = database["ok"] and migrations["ok"]
    body: dict[str, Any] = {"status": "ready" if ready else "unavailable"}
    if not ready:
        body["error"] = (migrations if database["ok"] else database).get("error")
    return JSONResponse(body, status_code=200 if ready else 503, headers=NO_STORE)
