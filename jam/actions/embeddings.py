"""Storing ideas' sentence vectors (see ``jam.models.IdeaEmbedding``).

Vectors are derived data, like theme snapshots: the refresher computes them outside any
transaction (``jam.themes.embedding``) and this module only stores and reads them.
"""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam.db import batches
from jam.events import EventKind, record_event
from jam.models import Idea, IdeaEmbedding
from jam.queries.embeddings import MODEL_MAX
from jam.runtime import Runtime
from jam.timeutil import utcnow

# Rows per upsert statement (5 values a row).
UPSERT_ROWS = 1_000


async def store_idea_embeddings(
    rt: Runtime, model: str, rows: list[tuple[int, str, bytes]]
) -> int:
    """Insert or replace the vectors ``rows`` ((idea_id, text_hash, vector)) in one transaction;
    returns how many were stored.

    No audit row: this is derived data that any refit rebuilds, not anyone's action. An existing
    row for an idea is replaced (ON CONFLICT DO UPDATE), so two refits that embed the same idea
    at once (the background refresher and an on-demand recompute) both succeed and the later
    write wins. Ideas deleted since they were read are skipped rather than failing the refit.
    """
    latest = {idea_id: (text_hash, vector) for idea_id, text_hash, vector in rows}
    if not latest:
        return 0
    insert = sqlite_insert if rt.db.sqlite else pg_insert

    async def work(session: AsyncSession) -> int:
        ids = sorted(latest)  # one order for every writer: concurrent upserts cannot deadlock
        jam_of: dict[int, int] = {}
        for chunk in batches(ids):
            found = await session.execute(
                select(Idea.id, Idea.jam_id).where(col(Idea.id).in_(chunk))
            )
            jam_of.update({int(i): int(j) for i, j in found.all()})
        existing = set(jam_of)
        now = utcnow()
        values = [
            {
                "idea_id": idea_id,
                "model": model[:MODEL_MAX],
                "text_hash": latest[idea_id][0],
                "vector": latest[idea_id][1],
                "created_at": now,
            }
            for idea_id in ids
            if idea_id in existing
        ]
        statement = insert(IdeaEmbedding)
        statement = statement.on_conflict_do_update(
            index_elements=[col(IdeaEmbedding.idea_id)],
            set_={
                "model": statement.excluded.model,
                "text_hash": statement.excluded.text_hash,
                "vector": statement.excluded.vector,
                "created_at": statement.excluded.created_at,
            },
        )
        for batch in batches(values, UPSERT_ROWS):
            await session.execute(statement, batch)
        # Similar-ideas indexes in every process re-read these ideas' vectors.
        by_jam: dict[int, list[int]] = {}
        for idea_id in existing:
            by_jam.setdefault(jam_of[idea_id], []).append(idea_id)
        for jam_id, idea_ids in sorted(by_jam.items()):
            await record_event(
                session, EventKind.IDEAS_EMBEDDED, jam_id=jam_id, ideas=sorted(idea_ids)
            )
        return len(values)

    return await rt.db.write(work)
