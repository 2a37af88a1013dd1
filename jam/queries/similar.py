"""'Similar ideas already posted': a near-duplicate index per jam, kept in memory.

Built on first use from the jam's ideas and brought up to date on every query with the ideas
posted since (one cheap indexed query), so it needs no event wiring and works in every worker
process. Lookups take milliseconds even at 50,000 ideas (``clustering.SimilarityIndex``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from sqlmodel import col, select

from clustering import SimilarityIndex
from jam import validation
from jam.access import Actor, may_moderate, may_view, membership_of
from jam.analysis.themes import idea_text
from jam.errors import ActionError, ErrorCode
from jam.models import Idea
from jam.runtime import Runtime

MAX_RESULTS = 20


@dataclass
class JamSimilarityIndex:
    """One jam's index: ``idea_ids[i]`` is the idea of the index's text ``i``."""

    index: SimilarityIndex = field(default_factory=SimilarityIndex)
    idea_ids: list[int] = field(default_factory=list)
    last_id: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


# The feature owns its cache: one dict of jam indexes per runtime (two databases in one
# process, as in tests and tools, never share entries), dropped with the runtime.
_INDEXES: WeakKeyDictionary[Runtime, dict[int, JamSimilarityIndex]] = WeakKeyDictionary()


async def _current(rt: Runtime, jam_id: int) -> JamSimilarityIndex:
    entry = _INDEXES.setdefault(rt, {}).setdefault(jam_id, JamSimilarityIndex())
    async with entry.lock:
        async with rt.db.read() as session:
            rows = (
                await session.execute(
                    select(Idea.id, Idea.title, Idea.body)
                    .where(Idea.jam_id == jam_id, col(Idea.id) > entry.last_id)
                    .order_by(col(Idea.id))
                )
            ).all()
        if rows:
            texts = [idea_text(t, b) for _, t, b in rows]
            if len(rows) > 1_000:
                await asyncio.to_thread(entry.index.add, texts)
            else:
                entry.index.add(texts)
            entry.idea_ids.extend(row[0] for row in rows)
            entry.last_id = rows[-1][0]
    return entry


@dataclass
class SimilarIdea:
    idea: Idea
    score: float


async def similar_ideas(
    rt: Runtime, actor: Actor, jam_id: int, text: str, *, first: int = 5
) -> list[SimilarIdea]:
    """The visible ideas of a jam most similar to a draft, best first, with scores in [0, 1]."""
    validation.text(text, "text", max_length=validation.BODY_MAX + validation.TITLE_MAX)
    if not 1 <= first <= MAX_RESULTS:
        raise validation.invalid("first", f"first must be between 1 and {MAX_RESULTS}")
    async with rt.db.read() as session:
        membership = await membership_of(session, jam_id, actor.user_id)
        if not may_view(actor, membership):
            raise ActionError(ErrorCode.NOT_FOUND, "no such jam", "jamId")
    entry = await _current(rt, jam_id)
    found = entry.index.query(text, k=first * 2)
    ids = [entry.idea_ids[f.index] for f in found]
    if not ids:
        return []
    async with rt.db.read() as session:
        ideas = {
            i.id: i
            for i in (await session.execute(select(Idea).where(col(Idea.id).in_(ids)))).scalars()
        }
    moderator = may_moderate(actor, membership)
    results = [
        SimilarIdea(ideas[idea_id], round(float(f.score), 4))
        for idea_id, f in zip(ids, found, strict=True)
        if idea_id in ideas and (moderator or not ideas[idea_id].hidden)
    ]
    return results[:first]
