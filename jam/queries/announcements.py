"""Announcements people read: the banners still up for them, and a jam's history."""

from __future__ import annotations

from sqlmodel import col, select

from jam.access import Actor, require_moderator, require_viewable_jam
from jam.models import Announcement, AnnouncementDismissal
from jam.runtime import Runtime

HISTORY_MAX = 200


async def current_announcements(
    rt: Runtime, actor: Actor, jam_id: int, forum_id: int | None = None
) -> list[Announcement]:
    """What the actor should see as banners on a page of the jam (or of one forum): the
    jam-wide announcements and that forum's, not retracted, not dismissed, newest first."""
    async with rt.db.read() as session:
        await require_viewable_jam(session, actor, jam_id)
        dismissed = select(AnnouncementDismissal.announcement_id).where(
            AnnouncementDismissal.user_id == actor.user_id
        )
        query = select(Announcement).where(
            Announcement.jam_id == jam_id,
            col(Announcement.retracted_at).is_(None),
            col(Announcement.id).not_in(dismissed),
        )
        if forum_id is None:
            query = query.where(col(Announcement.forum_id).is_(None))
        else:
            query = query.where(
                (col(Announcement.forum_id).is_(None)) | (col(Announcement.forum_id) == forum_id)
            )
        rows = await session.execute(query.order_by(col(Announcement.id).desc()).limit(20))
        return list(rows.scalars())


async def announcement_history(rt: Runtime, actor: Actor, jam_id: int) -> list[Announcement]:
    """Every announcement of the jam, retracted ones too, newest first (moderators)."""
    async with rt.db.read() as session:
        await require_moderator(session, actor, jam_id)
        rows = await session.execute(
            select(Announcement)
            .where(Announcement.jam_id == jam_id)
            .order_by(col(Announcement.id).desc())
            .limit(HISTORY_MAX)
        )
        return list(rows.scalars())


async def announcement_for(rt: Runtime, announcement_id: int) -> Announcement | None:
    async with rt.db.read() as session:
        return await session.get(Announcement, announcement_id)
