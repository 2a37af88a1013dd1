"""Who may do what: the permission rules shared by actions (writes) and queries (reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam.errors import ActionError, ErrorCode
from jam.models import AccountKind, GlobalRole, Idea, Jam, JamRole, Membership, Mute


@dataclass(frozen=True)
class Actor:
    """The authenticated person making a request."""

    user_id: int
    role: GlobalRole
    kind: AccountKind

    @property
    def is_admin(self) -> bool:
        return self.role is GlobalRole.ADMIN

    @property
    def is_guest(self) -> bool:
        return self.kind is AccountKind.GUEST


async def membership_of(session: AsyncSession, jam_id: int, user_id: int) -> Membership | None:
    result = await session.execute(
        select(Membership).where(Membership.jam_id == jam_id, Membership.user_id == user_id)
    )
    return result.scalar_one_or_none()


def may_view(actor: Actor, membership: Membership | None) -> bool:
    """Employees and staff browse every jam; guests see only the jams they joined."""
    return not actor.is_guest or membership is not None or actor.is_admin


def may_moderate(actor: Actor, membership: Membership | None) -> bool:
    return actor.is_admin or (membership is not None and membership.role == JamRole.MODERATOR.value)


def may_analyse(actor: Actor, moderator: bool) -> bool:
    """Analysts, administrators and the jam's moderators read and run analyses (themes on
    demand, networks)."""
    return actor.role is GlobalRole.ANALYST or actor.is_admin or moderator


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise ActionError(ErrorCode.FORBIDDEN, "only an administrator may do this")


async def require_viewable_jam(session: AsyncSession, actor: Actor, jam_id: int) -> Jam:
    """The jam, or NOT_FOUND when it does not exist or the actor may not see it (guests)."""
    jam = await session.get(Jam, jam_id)
    if jam is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such jam", "jamId")
    if not may_view(actor, await membership_of(session, jam_id, actor.user_id)):
        raise ActionError(ErrorCode.NOT_FOUND, "no such jam", "jamId")
    return jam


async def require_moderator(session: AsyncSession, actor: Actor, jam_id: int) -> Jam:
    jam = await require_viewable_jam(session, actor, jam_id)
    if not may_moderate(actor, await membership_of(session, jam_id, actor.user_id)):
        raise ActionError(ErrorCode.FORBIDDEN, "only this jam's moderators may do this")
    return jam


def is_muted(jam_id: Any, user_id: int, now: datetime) -> ColumnElement[bool]:
    """Whether ``user_id`` is muted in ``jam_id`` (a value or a column) at ``now``: an
    expression, so the actions that check it add no round trip to the query they already
    make."""
    return exists().where(
        and_(
            col(Mute.jam_id) == jam_id,
            col(Mute.user_id) == user_id,
            col(Mute.lifted_at).is_(None),
            col(Mute.ends_at) > now,
        )
    )


def require_unmuted(muted: bool) -> None:
    """Muted members read, but do not post, comment, vote or flag."""
    if muted:
        raise ActionError(
            ErrorCode.MUTED, "a moderator muted you in this jam; you can read but not take part"
        )


async def active_mute(
    session: AsyncSession, jam_id: int, user_id: int, now: datetime
) -> Mute | None:
    result = await session.execute(
        select(Mute)
        .where(
            Mute.jam_id == jam_id,
            Mute.user_id == user_id,
            col(Mute.lifted_at).is_(None),
            col(Mute.ends_at) > now,
        )
        .order_by(col(Mute.ends_at).desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


def idea_is_public() -> ColumnElement[bool]:
    """The ideas everyone sees and every analysis counts: neither hidden nor merged into
    another (a merged idea's votes and comments live on in the idea it joined)."""
    return and_(col(Idea.hidden).is_(False), col(Idea.merged_into_id).is_(None))
