"""Announcements ("jam alerts"): a moderator's short message to everyone in a jam or a forum,
live on every open page, in every member's inbox, until dismissed or retracted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from jam import validation
from jam.access import Actor, require_moderator, require_viewable_jam
from jam.actions.records import audit
from jam.errors import ActionError, ErrorCode
from jam.events import EventKind, record_event
from jam.models import (
    Announcement,
    AnnouncementDismissal,
    AnnouncementLevel,
    Forum,
    Membership,
    Notification,
    NotificationKind,
)
from jam.runtime import Runtime
from jam.timeutil import as_utc, utcnow

BODY_MAX = 500


async def post_announcement(
    rt: Runtime,
    actor: Actor,
    jam_id: int,
    *,
    body: str,
    level: AnnouncementLevel = AnnouncementLevel.INFO,
    forum_id: int | None = None,
    now: datetime | None = None,
) -> Announcement:
    """Announce to the jam (or one forum of it): every connected participant gets it at once
    (``jamActivity``), and every member finds it in their inbox (one INSERT … SELECT, however
    many members)."""
    validation.text(body, "body", max_length=BODY_MAX)

    async def work(session: AsyncSession) -> Announcement:
        current = as_utc(now or utcnow())
        await require_moderator(session, actor, jam_id)
        if forum_id is not None:
            forum = await session.get(Forum, forum_id)
            if forum is None or forum.jam_id != jam_id:
                raise ActionError(ErrorCode.NOT_FOUND, "no such forum in this jam", "forumId")
        announcement = Announcement(
            jam_id=jam_id,
            forum_id=forum_id,
            level=level.value,
            body=body.strip(),
            created_by=actor.user_id,
            created_at=current,
        )
        session.add(announcement)
        await session.flush()
        members = select(
            col(Membership.user_id),
            literal(jam_id),
            literal(NotificationKind.ANNOUNCEMENT.value),
            literal(announcement.id),
            literal(actor.user_id),
            literal(current),
        ).where(col(Membership.jam_id) == jam_id, col(Membership.user_id) != actor.user_id)
        await session.execute(
            insert(Notification).from_select(
                ["user_id", "jam_id", "kind", "announcement_id", "actor_id", "created_at"],
                members,
            )
        )
        await audit(
            session,
            actor_id=actor.user_id,
            action="announcement.post",
            subject_type="announcement",
            subject_id=announcement.id,
            jam_id=jam_id,
            level=level.value,
            forum=forum_id,
        )
        await record_event(
            session,
            EventKind.ANNOUNCEMENT_POSTED,
            jam_id=jam_id,
            subject_id=announcement.id,
            actor_id=actor.user_id,
            forum=forum_id,
        )
        return announcement

    return await rt.db.write(work)


async def retract_announcement(
    rt: Runtime, actor: Actor, announcement_id: int, *, now: datetime | None = None
) -> Announcement:
    """Take an announcement down (its banner goes away everywhere); the history keeps it."""

    async def work(session: AsyncSession) -> Announcement:
        announcement = await session.get(Announcement, announcement_id)
        if announcement is None:
            raise ActionError(ErrorCode.NOT_FOUND, "no such announcement", "announcementId")
        await require_moderator(session, actor, announcement.jam_id)
        if announcement.retracted_at is not None:
            return announcement
        announcement.retracted_at = as_utc(now or utcnow())
        announcement.retracted_by = actor.user_id
        session.add(announcement)
        await audit(
            session,
            actor_id=actor.user_id,
            action="announcement.retract",
            subject_type="announcement",
            subject_id=announcement_id,
            jam_id=announcement.jam_id,
        )
        await record_event(
            session,
            EventKind.ANNOUNCEMENT_RETRACTED,
            jam_id=announcement.jam_id,
            subject_id=announcement_id,
            actor_id=actor.user_id,
        )
        return announcement

    return await rt.db.write(work)


async def dismiss_announcement(rt: Runtime, actor: Actor, announcement_id: int) -> Announcement:
    """Hide an announcement's banner for the actor (their own view only; not audited)."""

    async def work(session: AsyncSession) -> Announcement:
        announcement = await session.get(Announcement, announcement_id)
        if announcement is None:
            raise ActionError(ErrorCode.NOT_FOUND, "no such announcement", "announcementId")
        try:
            await require_viewable_jam(session, actor, announcement.jam_id)
        except ActionError:
            raise ActionError(
                ErrorCode.NOT_FOUND, "no such announcement", "announcementId"
            ) from None
        seen = await session.get(AnnouncementDismissal, (announcement_id, actor.user_id))
        if seen is None:
            session.add(
                AnnouncementDismissal(announcement_id=announcement_id, user_id=actor.user_id)
            )
        return announcement

    return await rt.db.write(work)
