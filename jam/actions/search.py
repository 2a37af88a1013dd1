"""Keeping the full-text index in step with the ideas (migration 0009, ``jam.search``).

Called by every action that writes an idea's text, in its transaction, so a search finds an
idea exactly when its text is committed. Hiding and merging leave the index alone: the search
query applies the same visibility rules as every list (``jam.queries.ideas``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from jam.search import index_rows

_UPSERT = {
    "sqlite": text("INSERT OR REPLACE INTO idea_fts (rowid, terms) VALUES (:idea_id, :terms)"),
    "postgresql": text(
        "INSERT INTO idea_fts (idea_id, terms) VALUES (:idea_id, to_tsvector('simple', :terms)) "
        "ON CONFLICT (idea_id) DO UPDATE SET terms = excluded.terms"
    ),
}


async def index_ideas(session: AsyncSession, ideas: Iterable[tuple[int, str, str]]) -> None:
    """(Re)index ``(idea_id, title, body)`` rows: one statement for all of them."""
    rows = index_rows(ideas)
    if rows:
        connection = await session.connection()
        await session.execute(_UPSERT[connection.dialect.name], rows)
