"""The newest stored analysis of a jam, of any kind (connectors, opinion groups)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col, select

from jam.models import ConnectorSnapshot, OpinionSnapshot

Snapshot = TypeVar("Snapshot", ConnectorSnapshot, OpinionSnapshot)


async def newest_snapshot(
    session: AsyncSession, table: type[Snapshot], jam_id: int
) -> Snapshot | None:
    """The jam's newest row of ``table`` (ids grow with time), or None before the first."""
    found: SQLModel | None = (
        await session.execute(
            select(table).where(table.jam_id == jam_id).order_by(col(table.id).desc()).limit(1)
        )
    ).scalar_one_or_none()
    return found  # type: ignore[return-value]
