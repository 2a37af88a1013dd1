"""Reading connector analyses: only analysts, administrators and the jam's moderators, and
names only for administrators; everyone else allowed sees stable pseudonyms."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from jam.access import Actor, may_analyse, may_moderate, membership_of, require_viewable_jam
from jam.connectors import person_ids, present
from jam.errors import ActionError, ErrorCode
from jam.models import ConnectorSnapshot, User
from jam.runtime import Runtime


@dataclass
class ConnectorAnalysisView:
    snapshot_id: int
    created_at: datetime
    reason: str
    pseudonymous: bool
    result: dict[str, Any]


def may_see_names(actor: Actor) -> bool:
    return actor.is_admin


async def connector_analysis_for(
    rt: Runtime, actor: Actor, jam_id: int
) -> ConnectorAnalysisView | None:
    """The newest analysis of a jam (None before the first). FORBIDDEN for participants and
    guests."""
    async with rt.db.read() as session:
        await require_viewable_jam(session, actor, jam_id)
        membership = await membership_of(session, jam_id, actor.user_id)
        if not may_analyse(actor, may_moderate(actor, membership)):
            raise ActionError(
                ErrorCode.FORBIDDEN, "network analyses are for analysts and moderators"
            )
        snapshot = (
            await session.execute(
                select(ConnectorSnapshot)
                .where(ConnectorSnapshot.jam_id == jam_id)
                .order_by(col(ConnectorSnapshot.id).desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        if snapshot is None or snapshot.id is None:
            return None
        stored = json.loads(snapshot.result)
        names: dict[int, str] | None = None
        if may_see_names(actor):
            ids = person_ids(stored)
            rows = await session.execute(
                select(User.id, User.display_name).where(col(User.id).in_(ids))
            )
            names = {int(i): n for i, n in rows.all()}
    return ConnectorAnalysisView(
        snapshot_id=snapshot.id,
        created_at=snapshot.created_at,
        reason=snapshot.reason,
        pseudonymous=names is None,
        result=present(stored, names, snapshot.salt),
    )
