"""Notifications: what a person should know about, in their inbox until read.

Written by other actions (a reply, a moderator's decision on one's item, a mute) inside their
transaction through :func:`notify`, so a notification exists exactly when its cause does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam import validation
from jam.access import Actor
from jam.db import batches
from jam.events import EventKind, record_event
from jam.models import Notification, NotificationKind
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

MARK_MAX = 500


async def notify(
    session: AsyncSession,
    user_id: int,
    kind: NotificationKind,
    *,
    jam_id: int,
    idea_id: int | None = None,
    comment_id: int | None = None,
    actor_id: int | None = None,
    reason: str | None = None,
    merge_id: int | None = None,
) -> None:
    """Put a notification in ``user_id``'s inbox (never one about what they did themself)."""
    if actor_id == user_id:
        return
    note = Notification(
        user_id=user_id,
        jam_id=jam_id,
        kind=kind.value,
        idea_id=idea_id,
        comment_id=comment_id,
        actor_id=actor_id,
        reason=reason,
        merge_id=merge_id,
        created_at=utcnow(),
    )
    session.add(note)
    await session.flush()
    await record_event(
        session,
        EventKind.NOTIFICATION_ADDED,
        jam_id=jam_id,
        subject_id=note.id,
        idea_id=None,
        actor_id=actor_id,
        user=user_id,
    )


async def unread_count(session: AsyncSession, user_id: int) -> int:
    return int(
        (
            await session.execute(
                select(func.count())
                .select_from(Notification)
                .where(Notification.user_id == user_id, col(Notification.read_at).is_(None))
            )
        ).scalar_one()
    )


async def mark_notifications_read(
    rt: Runtime,
    actor: Actor,
    notification_ids: list[int] | None,
    *,
    now: datetime | None = None,
) -> int:
    """Mark some of the actor's notifications read (all of them when ``notification_ids`` is
    None); other people's ids are ignored. Returns how many stay unread."""
    if notification_ids is not None and len(notification_ids) > MARK_MAX:
        raise validation.invalid("ids", f"at most {MARK_MAX} notifications at once")

    async def work(session: AsyncSession) -> int:
        current = as_utc(now or utcnow())
        mine = (col(Notification.user_id) == actor.user_id, col(Notification.read_at).is_(None))
        if notification_ids is None:
            await session.execute(update(Notification).where(*mine).values(read_at=current))
        else:
            for chunk in batches(sorted(set(notification_ids))):
                await session.execute(
                    update(Notification)
                    .where(*mine, col(Notification.id).in_(chunk))
                    .values(read_at=current)
                )
        return await unread_count(session, actor.user_id)

    return await rt.db.write(work)
