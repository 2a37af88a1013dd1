"""Resolve a session token to the person behind it."""

from __future__ import annotations

from sqlmodel import select

from jam.access import Actor
from jam.models import AccountKind, GlobalRole, SessionToken, User
from jam.runtime import Runtime
from jam.security import hash_token
from jam.timeutil import utcnow


async def authenticate(rt: Runtime, token: str | None) -> tuple[Actor, User] | None:
    """The actor for an unexpired session token, else None. One indexed query."""
    if not token or len(token) > 200:
        return None
    async with rt.db.read() as session:
        result = await session.execute(
            select(User)
            .join(SessionToken, SessionToken.user_id == User.id)  # type: ignore[arg-type]
            .where(SessionToken.token_hash == hash_token(token), SessionToken.expires_at > utcnow())
        )
        user = result.scalar_one_or_none()
    if user is None or user.id is None:
        return None
    return Actor(user.id, GlobalRole(user.role), AccountKind(user.kind)), user
