"""Reading ideas' stored sentence vectors (see ``jam.models.IdeaEmbedding``)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from jam.db import batches
from jam.models import IdeaEmbedding

MODEL_MAX = 100


async def stored_embeddings(
    session: AsyncSession, model: str, idea_ids: list[int]
) -> dict[int, tuple[str, bytes]]:
    """idea id -> (text_hash, vector) of the ideas that have a vector from ``model``."""
    found: dict[int, tuple[str, bytes]] = {}
    for chunk in batches(idea_ids):
        rows = await session.execute(
            select(IdeaEmbedding.idea_id, IdeaEmbedding.text_hash, IdeaEmbedding.vector).where(
                IdeaEmbedding.model == model[:MODEL_MAX], col(IdeaEmbedding.idea_id).in_(chunk)
            )
        )
        found.update({idea_id: (text_hash, vector) for idea_id, text_hash, vector in rows.all()})
    return found
