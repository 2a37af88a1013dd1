"""Reading a jam's newest opinion groups (the votes the worker analyses come from
``jam.queries.connectors.jam_interactions``: public ideas only).

Opinion groups are aggregates (sizes, shares, the map as base clusters), so everyone who may
see the jam reads them, like its themes; the only person-level fact shown is the viewer's own
group and point (``jam.analysis.opinions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jam.access import Actor, require_viewable_jam
from jam.analysis.opinions import OpinionResult
from jam.models import OpinionSnapshot
from jam.queries.snapshots import newest_snapshot
from jam.runtime import Runtime


@dataclass(frozen=True)
class OpinionView:
    snapshot_id: int
    created_at: datetime
    reason: str
    result: OpinionResult
    viewer_group: int | None
    viewer_point: tuple[float, float] | None


async def opinion_groups_for(rt: Runtime, actor: Actor, jam_id: int) -> OpinionView | None:
    """The newest opinion groups of a jam (None before the first analysis); NOT_FOUND for a
    jam the actor may not see."""
    async with rt.db.read() as session:
        await require_viewable_jam(session, actor, jam_id)
        snapshot = await newest_snapshot(session, OpinionSnapshot, jam_id)
    if snapshot is None or snapshot.id is None:
        return None
    result = OpinionResult.decode(snapshot.result)
    return OpinionView(
        snapshot_id=snapshot.id,
        created_at=snapshot.created_at,
        reason=snapshot.reason,
        result=result,
        viewer_group=result.group_of(actor.user_id),
        viewer_point=result.point_of(actor.user_id),
    )
