"""What moderators read about a jam's people: its invitation codes."""

from __future__ import annotations

from sqlmodel import col, select

from jam.access import Actor, require_moderator
from jam.models import Invitation
from jam.runtime import Runtime

INVITATIONS_MAX = 500


async def invitations(rt: Runtime, actor: Actor, jam_id: int) -> list[Invitation]:
    """The jam's invitation codes, newest first, revoked and used-up ones included; the
    jam's moderators and administrators only; at most ``INVITATIONS_MAX``."""
    async with rt.db.read() as session:
        await require_moderator(session, actor, jam_id)
        rows = await session.execute(
            select(Invitation)
            .where(Invitation.jam_id == jam_id)
            .order_by(col(Invitation.created_at).desc(), col(Invitation.id).desc())
            .limit(INVITATIONS_MAX)
        )
        return list(rows.scalars())


__all__ = ["INVITATIONS_MAX", "invitations"]
