"""Storing connector analyses. The worker runs them (after a jam closes, and when analysts or
moderators ask: ``jam.actions.jobs``); this module computes one and stores it."""

from __future__ import annotations

import asyncio
import secrets
from concurrent.futures import Executor

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam.actions.records import audit
from jam.analysis.connectors import analyse
from jam.events import EventKind, record_event
from jam.models import ConnectorSnapshot
from jam.queries.connectors import jam_interactions
from jam.runtime import Runtime


async def analyse_connectors(
    rt: Runtime,
    jam_id: int,
    *,
    reason: str,
    requested_by: int | None = None,
    executor: Executor | None = None,
) -> ConnectorSnapshot:
    """Analyse the jam's interactions now (CPU work off the event loop) and store the result."""
    data = await jam_interactions(rt, jam_id)
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(executor, analyse, data)

    async def work(session: AsyncSession) -> ConnectorSnapshot:
        previous = (
            await session.execute(
                select(ConnectorSnapshot.salt)
                .where(ConnectorSnapshot.jam_id == jam_id)
                .order_by(col(ConnectorSnapshot.id))
                .limit(1)
            )
        ).scalar_one_or_none()
        snapshot = ConnectorSnapshot(
            jam_id=jam_id,
            reason=reason,
            requested_by=requested_by,
            salt=previous or secrets.token_hex(16),
            result=result.encode(),
        )
        session.add(snapshot)
        await session.flush()
        await audit(
            session,
            actor_id=requested_by,
            action="connectors.snapshot",
            subject_type="connector_snapshot",
            subject_id=snapshot.id,
            jam_id=jam_id,
            reason=reason,
        )
        await record_event(
            session,
            EventKind.CONNECTORS_UPDATED,
            jam_id=jam_id,
            subject_id=snapshot.id,
            actor_id=requested_by,
        )
        return snapshot

    return await rt.db.write(work)
