"""Storing opinion groups. The worker computes them (when a jam closes, and when analysts or
moderators ask: ``jam.actions.jobs``); this module computes one and stores it."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor

from sqlalchemy.ext.asyncio import AsyncSession

from jam.actions.records import audit
from jam.analysis.opinions import analyse
from jam.events import EventKind, record_event
from jam.models import OpinionSnapshot
from jam.queries.connectors import jam_interactions
from jam.runtime import Runtime


async def analyse_opinions(
    rt: Runtime,
    jam_id: int,
    *,
    reason: str,
    requested_by: int | None = None,
    executor: Executor | None = None,
) -> OpinionSnapshot:
    """Group the jam's voters by how they vote, and see who backs which themes (CPU work off
    the event loop); store it."""
    data = await jam_interactions(rt, jam_id)
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(executor, analyse, data)

    async def work(session: AsyncSession) -> OpinionSnapshot:
        snapshot = OpinionSnapshot(
            jam_id=jam_id, reason=reason, requested_by=requested_by, result=result.encode()
        )
        session.add(snapshot)
        await session.flush()
        await audit(
            session,
            actor_id=requested_by,
            action="opinions.snapshot",
            subject_type="opinion_snapshot",
            subject_id=snapshot.id,
            jam_id=jam_id,
            reason=reason,
            status=result.status,
            groups=len(result.groups),
        )
        await record_event(
            session,
            EventKind.OPINIONS_UPDATED,
            jam_id=jam_id,
            subject_id=snapshot.id,
            actor_id=requested_by,
        )
        return snapshot

    return await rt.db.write(work)
