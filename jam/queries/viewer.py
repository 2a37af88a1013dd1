"""Resolve a session token to the person behind it."""

from __future__ import annotations

from sqlmodel import col, select

from jam.access import Actor
from jam.db import batches
from jam.models import AccountKind, GlobalRole, SessionToken, User
from jam.runtime import Runtime
from jam.security import hash_token
from jam.timeutil import utcnow


async def valid_token_hashes(rt: Runtime, digests: set[str]) -> set[str]:
    """Which of these session-token hashes belong to unexpired sessions."""
    valid: set[str] = set()
    ordered = sorted(digests)
    async with rt.db.read() as session:
        for chunk in batches(ordered):
            rows = await session.execute(
                select(SessionToken.token_hash).where(
                    col(SessionToken.token_hash).in_(chunk), SessionToken.expires_at > utcnow()
                )
            )
            valid.update(rows.scalars())
    return valid


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
