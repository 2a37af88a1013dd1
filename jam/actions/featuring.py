"""Featuring ideas: moderators pin ideas at the top of their forum and give editorial labels
(IBM's "Emerging" and "Best"), which participants see and filter by."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam.access import Actor, may_moderate
from jam.actions.ideas import visible_idea
from jam.actions.records import audit
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import EditorialLabel, Idea, IdeaLabel
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow


async def _moderated_idea(
    session: AsyncSession, actor: Actor, idea_id: int, now: datetime
) -> Idea:
    found = await visible_idea(session, actor, idea_id, now=now)
    if not may_moderate(actor, found.membership):
        raise ActionError(ErrorCode.FORBIDDEN, "only this jam's moderators may do this", "ideaId")
    if found.idea.merged_into_id is not None:
        raise ActionError(ErrorCode.ALREADY_MERGED, "this idea was merged into another", "ideaId")
    return found.idea


async def pin_idea(
    rt: Runtime, actor: Actor, idea_id: int, *, pinned: bool, now: datetime | None = None
) -> Idea:
    """Pin an idea at the top of its forum (or unpin it); the newest pin shows first."""

    async def work(session: AsyncSession) -> Idea:
        current = as_utc(now or utcnow())
        idea = await _moderated_idea(session, actor, idea_id, current)
        if (idea.pinned_at is not None) == pinned:
            return idea
        idea.pinned_at = current if pinned else None
        session.add(idea)
        await audit(
            session,
            actor_id=actor.user_id,
            action="idea.pin" if pinned else "idea.unpin",
            subject_type="idea",
            subject_id=idea_id,
            jam_id=idea.jam_id,
        )
        await record_event(
            session,
            EventKind.IDEA_FEATURED,
            jam_id=idea.jam_id,
            subject_id=idea_id,
            idea_id=idea_id,
            actor_id=actor.user_id,
            pinned=pinned,
        )
        return idea

    return await rt.db.write(work)


async def set_idea_labels(
    rt: Runtime,
    actor: Actor,
    idea_id: int,
    labels: list[EditorialLabel],
    *,
    now: datetime | None = None,
) -> Idea:
    """Give an idea exactly these editorial labels (an empty list removes them all)."""
    wanted = sorted(set(labels))

    async def work(session: AsyncSession) -> Idea:
        current = as_utc(now or utcnow())
        idea = await _moderated_idea(session, actor, idea_id, current)
        rows = await session.execute(select(IdeaLabel.label).where(IdeaLabel.idea_id == idea_id))
        have = sorted(rows.scalars())
        if have == [label.value for label in wanted]:
            return idea
        await session.execute(delete(IdeaLabel).where(col(IdeaLabel.idea_id) == idea_id))
        for label in wanted:
            session.add(
                IdeaLabel(
                    idea_id=idea_id, label=label.value, created_by=actor.user_id, created_at=current
                )
            )
        await audit(
            session,
            actor_id=actor.user_id,
            action="idea.label",
            subject_type="idea",
            subject_id=idea_id,
            jam_id=idea.jam_id,
            labels=[label.value for label in wanted],
        )
        await record_event(
            session,
            EventKind.IDEA_FEATURED,
            jam_id=idea.jam_id,
            subject_id=idea_id,
            idea_id=idea_id,
            actor_id=actor.user_id,
            labels=[label.value for label in wanted],
        )
        return idea

    return await rt.db.write(work)
