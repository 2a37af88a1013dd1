"""Connector analyses: run on demand by analysts and moderators, and after a jam closes."""

from __future__ import annotations

import asyncio
import json
import secrets
from concurrent.futures import Executor

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam.access import Actor, may_moderate, membership_of, require_viewable_jam
from jam.actions.records import audit
from jam.connectors import analyse, jam_interactions
from jam.errors import ActionError, ErrorCode
from jam.events import Event
from jam.models import ConnectorSnapshot, GlobalRole
from jam.runtime import Runtime


def may_analyse(actor: Actor, moderator: bool) -> bool:
    """Analysts, administrators and the jam's moderators read and run network analyses."""
    return actor.role is GlobalRole.ANALYST or actor.is_admin or moderator


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
            result=json.dumps(result, ensure_ascii=False, separators=(",", ":")),
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
        return snapshot

    snapshot = await rt.db.write(work)
    rt.events.publish(Event("connectors.updated", jam_id, snapshot.id, requested_by))
    return snapshot


async def request_connector_analysis(rt: Runtime, actor: Actor, jam_id: int) -> ConnectorSnapshot:
    async with rt.db.read() as session:
        await require_viewable_jam(session, actor, jam_id)
        membership = await membership_of(session, jam_id, actor.user_id)
    if not may_analyse(actor, may_moderate(actor, membership)):
        raise ActionError(
            ErrorCode.FORBIDDEN, "only analysts and this jam's moderators may do this"
        )
    # The background jobs' worker process, when this process has one: the analysis of a large
    # jam takes seconds of CPU that should not compete with the event loop for the GIL.
    executor = rt.themes.executor if rt.themes is not None else None
    return await analyse_connectors(
        rt, jam_id, reason="requested", requested_by=actor.user_id, executor=executor
    )
