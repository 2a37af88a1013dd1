"""Who may do what: the permission rules shared by actions (writes) and queries (reads)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from jam.errors import ActionError, ErrorCode
from jam.models import AccountKind, GlobalRole, Jam, JamRole, Membership


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
