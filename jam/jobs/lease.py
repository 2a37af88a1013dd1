"""The worker lease: one row saying which worker is active and until when.

The active worker renews it every third of its length and stores how far it has read the
outbox with it; a standby takes it once it has expired, so a worker killed with ``kill -9`` is
replaced within one lease length plus one standby poll. A worker that stops gracefully ends its
lease at once.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam.models import WorkerLease
from jam.runtime import Runtime
from jam.timeutil import utcnow

NAME = "worker"


async def acquire(rt: Runtime, holder: str, seconds: float) -> str | None:
    """Take or keep the lease; the stored outbox cursor when it is ours now, else None.

    A first insert that races another worker's hits the primary key; the write is retried and
    the retry sees the winner's row."""

    async def work(session: AsyncSession) -> str | None:
        now = utcnow()
        row = (
            await session.execute(
                select(WorkerLease).where(WorkerLease.name == NAME).with_for_update()
            )
        ).scalar_one_or_none()
        if row is None:
            row = WorkerLease(name=NAME, holder=holder, expires_at=now, cursor="")
        elif row.holder != holder and row.expires_at > now:
            return None
        row.holder = holder
        row.expires_at = now + timedelta(seconds=seconds)
        row.renewed_at = now
        session.add(row)
        return row.cursor

    return await rt.db.write(work)


async def renew(rt: Runtime, holder: str, seconds: float, cursor: str) -> bool:
    """Extend our lease and store the cursor; False when another worker has taken it (an
    expired lease nobody took is still ours)."""

    async def work(session: AsyncSession) -> bool:
        now = utcnow()
        result = await session.execute(
            update(WorkerLease)
            .where(col(WorkerLease.name) == NAME, col(WorkerLease.holder) == holder)
            .values(expires_at=now + timedelta(seconds=seconds), renewed_at=now, cursor=cursor)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    return await rt.db.write(work)


async def release(rt: Runtime, holder: str, cursor: str) -> None:
    """End our lease now (a graceful stop), so a standby need not wait for it to expire."""

    async def work(session: AsyncSession) -> None:
        await session.execute(
            update(WorkerLease)
            .where(col(WorkerLease.name) == NAME, col(WorkerLease.holder) == holder)
            .values(expires_at=utcnow(), cursor=cursor)
        )

    await rt.db.write(work)


async def current_holder(rt: Runtime) -> WorkerLease | None:
    async with rt.db.read() as session:
        return await session.get(WorkerLease, NAME)
