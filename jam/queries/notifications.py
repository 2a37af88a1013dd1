"""A person's inbox: their notifications, newest first, and how many are unread."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from jam import validation
from jam.access import Actor
from jam.models import Notification
from jam.runtime import Runtime

PAGE_MAX = 100


@dataclass
class NotificationPage:
    notifications: list[Notification]
    has_next_page: bool
    total_count: int
    unread_count: int

    @property
    def end_cursor(self) -> str | None:
        return str(self.notifications[-1].id) if self.notifications else None


async def notifications_for(
    rt: Runtime,
    actor: Actor,
    *,
    first: int = 20,
    after: str | None = None,
    unread_only: bool = False,
) -> NotificationPage:
    if not 0 <= first <= PAGE_MAX:
        raise validation.invalid("first", f"first must be between 0 and {PAGE_MAX}")
    before: int | None = None
    if after is not None:
        if not after.isdigit() or not 0 < int(after) <= validation.INTEGER_MAX:
            raise validation.invalid("after", "this cursor is not valid for this list")
        before = int(after)
    mine = [col(Notification.user_id) == actor.user_id]
    unread = col(Notification.read_at).is_(None)
    conditions = [*mine, unread] if unread_only else mine
    async with rt.db.read() as session:
        total = (
            await session.execute(select(func.count()).select_from(Notification).where(*conditions))
        ).scalar_one()
        unread_total = (
            total
            if unread_only
            else (
                await session.execute(
                    select(func.count()).select_from(Notification).where(*mine, unread)
                )
            ).scalar_one()
        )
        query = select(Notification).where(*conditions)
        if before is not None:
            query = query.where(col(Notification.id) < before)
        rows = list(
            (
                await session.execute(query.order_by(col(Notification.id).desc()).limit(first + 1))
            ).scalars()
        )
    return NotificationPage(rows[:first], len(rows) > first, int(total), int(unread_total))


async def notification_for(rt: Runtime, user_id: int, notification_id: int) -> Notification | None:
    """One of ``user_id``'s notifications (a live event names it by id)."""
    async with rt.db.read() as session:
        note = await session.get(Notification, notification_id)
    return note if note is not None and note.user_id == user_id else None
