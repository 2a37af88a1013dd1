"""Merges moderators read: proposals and their outcomes, and suggested duplicate pairs."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import numpy as np
from sqlmodel import col, select

from clustering.text import similar_pairs
from jam import validation
from jam.access import Actor, idea_is_public, may_moderate, membership_of, require_moderator
from jam.analysis.embeddings import stack_vectors, text_hash
from jam.analysis.themes import idea_text
from jam.embedding_model import resolve_model_dir
from jam.errors import ActionError, ErrorCode
from jam.models import Idea, IdeaMerge, MergeStatus
from jam.queries.embeddings import stored_embeddings
from jam.runtime import Runtime

PAGE_MAX = 100
# Suggestions compare every pair of the jam's newest ideas: O(n²), about a second at this size.
SUGGESTION_IDEAS = 3000
SUGGESTION_MIN_SCORE = 0.55


async def merges_of(
    rt: Runtime, actor: Actor, jam_id: int, *, status: MergeStatus | None = None, first: int = 50
) -> list[IdeaMerge]:
    """The jam's merge proposals, newest first (moderators)."""
    if not 0 <= first <= PAGE_MAX:
        raise validation.invalid("first", f"first must be between 0 and {PAGE_MAX}")
    async with rt.db.read() as session:
        await require_moderator(session, actor, jam_id)
        query = select(IdeaMerge).where(IdeaMerge.jam_id == jam_id)
        if status is not None:
            query = query.where(IdeaMerge.status == status.value)
        rows = await session.execute(query.order_by(col(IdeaMerge.id).desc()).limit(first))
        return list(rows.scalars())


async def merge_for(rt: Runtime, actor: Actor, merge_id: int) -> IdeaMerge | None:
    """A merge, for its jam's moderators and the author asked to consent; else None."""
    async with rt.db.read() as session:
        merge = await session.get(IdeaMerge, merge_id)
        if merge is None:
            return None
        source = await session.get(Idea, merge.source_id)
        if source is not None and source.author_id == actor.user_id:
            return merge
        membership = await membership_of(session, merge.jam_id, actor.user_id)
        return merge if may_moderate(actor, membership) else None


@dataclass(frozen=True)
class MergeSuggestion:
    source: Idea  # the newer of the two
    target: Idea
    score: float


async def merge_suggestions(
    rt: Runtime, actor: Actor, jam_id: int, *, limit: int = 20
) -> list[MergeSuggestion]:
    """The most alike pairs among the jam's newest visible ideas (words and stored sentence
    vectors), leaving out pairs already proposed; the newer idea of each pair is suggested
    as the one to merge into the older."""
    if not 1 <= limit <= 50:
        raise validation.invalid("limit", "limit must be between 1 and 50")
    model_dir = resolve_model_dir(rt.settings.embedding_model)
    async with rt.db.read() as session:
        await require_moderator(session, actor, jam_id)
        ideas = list(
            (
                await session.execute(
                    select(Idea)
                    .where(Idea.jam_id == jam_id, idea_is_public())
                    .order_by(col(Idea.id).desc())
                    .limit(SUGGESTION_IDEAS)
                )
            ).scalars()
        )
        ids = [i.id for i in ideas if i.id is not None]
        stored = await stored_embeddings(session, model_dir.name, ids) if model_dir else {}
        proposed = {
            frozenset(pair)
            for pair in (
                await session.execute(
                    select(IdeaMerge.source_id, IdeaMerge.target_id).where(
                        IdeaMerge.jam_id == jam_id,
                        col(IdeaMerge.status).in_(
                            [MergeStatus.PENDING.value, MergeStatus.DECLINED.value]
                        ),
                    )
                )
            ).all()
        }
    texts = [idea_text(i.title, i.body) for i in ideas]
    blobs = [
        stored[i.id][1] if i.id in stored and stored[i.id][0] == text_hash(text) else None
        for i, text in zip(ideas, texts, strict=True)
    ]
    decoded = iter(stack_vectors([b for b in blobs if b is not None]))
    vectors: list[np.ndarray | None] = [None if b is None else next(decoded) for b in blobs]
    pairs = await asyncio.to_thread(
        similar_pairs, texts, vectors, min_score=SUGGESTION_MIN_SCORE, limit=limit * 2
    )
    found = []
    for pair in pairs:
        newer, older = ideas[pair.first], ideas[pair.second]  # ideas are newest first
        if frozenset((newer.id, older.id)) in proposed:
            continue
        found.append(MergeSuggestion(newer, older, pair.score))
    return found[:limit]


async def require_merge(rt: Runtime, actor: Actor, merge_id: int) -> IdeaMerge:
    merge = await merge_for(rt, actor, merge_id)
    if merge is None:
        raise ActionError(ErrorCode.NOT_FOUND, "no such merge", "mergeId")
    return merge
