"""Bookkeeping every action shares: the audit trail and idempotency keys."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from jam.models import AuditEvent, IdempotencyKey
from jam.timeutil import utcnow


async def audit(
    session: AsyncSession,
    *,
    actor_id: int | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    jam_id: int | None = None,
    **details: Any,
) -> None:
    """Record who did what, in the transaction of the change itself (one plain INSERT: no
    ORM object, so hot writes such as votes need no unit-of-work flush for it)."""
    await session.execute(
        insert(AuditEvent).values(
            at=utcnow(),
            actor_id=actor_id,
            action=action,
            jam_id=jam_id,
            subject_type=subject_type,
            subject_id=subject_id,
            details=json.dumps(details, default=str, ensure_ascii=False),
        )
    )


async def replayed(
    session: AsyncSession, user_id: int, operation: str, key: str | None
) -> int | None:
    """The id created by an earlier call with the same key, if there was one."""
    if key is None:
        return None
    result = await session.execute(
        select(IdempotencyKey.result_id).where(
            IdempotencyKey.user_id == user_id,
            IdempotencyKey.operation == operation,
            IdempotencyKey.key == key,
        )
    )
    return result.scalar_one_or_none()


def remember(
    session: AsyncSession, user_id: int, operation: str, key: str | None, result_id: int
) -> None:
    """Store the key with the new id. A concurrent twin hits the unique constraint, the
    transaction is retried, and the retry finds this row through :func:`replayed`."""
    if key is not None:
        session.add(
            IdempotencyKey(user_id=user_id, operation=operation, key=key, result_id=result_id)
        )
