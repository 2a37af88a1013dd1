"""'Similar ideas already posted': words and meaning, current in every process.

Each process keeps, per jam it was asked about, a ``clustering.text.HybridSimilarityIndex`` of
the jam's visible ideas: their words (TF-IDF) and their stored sentence vectors (the worker
embeds each new or edited idea within a second). The draft is embedded at query time with the
same model, so a paraphrase that shares no word still matches.

The index follows the event stream: this process's feed says which ideas were posted, edited,
hidden, restored or embedded, in any process, and the next lookup of that jam re-reads just
those ideas. So an edited idea matches its new text, a hidden one is never suggested, and two
API processes answer alike. Without a running feed (tools, domain tests) every lookup reads the
jam afresh. Without the model, ideas are matched by their words alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from sqlalchemy import select as select_columns
from sqlmodel import col, select

from clustering.text import HybridSimilarityIndex, SimilarItem
from jam import validation
from jam.access import Actor, idea_is_public, require_viewable_jam
from jam.analysis.embeddings import embed_texts, stack_vectors, text_hash
from jam.analysis.themes import idea_text
from jam.embedding_model import resolve_model_dir
from jam.events import EventKind, LiveEvent
from jam.feed import SubscriberDropped
from jam.models import Idea
from jam.queries.embeddings import stored_embeddings
from jam.runtime import Runtime

log = logging.getLogger(__name__)

MAX_RESULTS = 20
# Jams whose index a process keeps at once (least recently used beyond that are dropped and
# rebuilt when asked again): at 50,000 ideas an index holds ~170 MB.
CACHED_JAMS = 16
CHANGES = frozenset(
    {
        EventKind.IDEA_POSTED,
        EventKind.IDEA_EDITED,
        EventKind.IDEA_HIDDEN,
        EventKind.IDEA_RESTORED,
        EventKind.IDEAS_EMBEDDED,
        EventKind.IDEA_MERGED,
        EventKind.IDEA_UNMERGED,
    }
)


@dataclass
class JamIndex:
    """One jam's ideas, and which of them changed since they were read."""

    index: HybridSimilarityIndex = field(default_factory=HybridSimilarityIndex)
    changed: set[int] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class SimilarIdeasCache:
    """This process's jam indexes, kept current by its event feed."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.jams: OrderedDict[int, JamIndex] = OrderedDict()
        self._follower: asyncio.Task[None] | None = None

    @property
    def following(self) -> bool:
        return self._follower is not None and not self._follower.done()

    def _follow(self) -> None:
        if not self.following and self.rt.feed.cursor is not None:
            self._follower = asyncio.get_running_loop().create_task(self._listen())

    async def _listen(self) -> None:
        while True:
            try:
                async with self.rt.feed.subscribe(accept=lambda e: e.kind in CHANGES) as events:
                    async for event in events:
                        self._note(event)
            except SubscriberDropped:
                # Fell behind (or the feed stopped): what changed is unknown, read afresh.
                self.jams.clear()
                if self.rt.feed.cursor is None:
                    return
            except RuntimeError:
                return  # the feed is not running

    def _note(self, event: LiveEvent) -> None:
        entry = self.jams.get(event.jam_id or 0)
        if entry is None:
            return
        if event.kind is EventKind.IDEAS_EMBEDDED:
            entry.changed.update(int(i) for i in event.data.get("ideas", []))
        elif event.idea_id is not None:
            entry.changed.add(event.idea_id)

    async def current(self, jam_id: int) -> JamIndex:
        """The jam's index with every change heard so far applied."""
        self._follow()
        if not self.following:
            entry = JamIndex()
            await _load(self.rt, jam_id, entry, None)
            return entry
        cached = self.jams.get(jam_id)
        if cached is not None:
            self.jams.move_to_end(jam_id)
        if cached is None:
            fresh = self.jams.setdefault(jam_id, JamIndex())
            while len(self.jams) > CACHED_JAMS:
                self.jams.popitem(last=False)
            async with fresh.lock:
                await _load(self.rt, jam_id, fresh, None)
            return fresh
        entry = cached
        async with entry.lock:
            if entry.changed:
                changed, entry.changed = entry.changed, set()
                await _load(self.rt, jam_id, entry, changed)
        return entry


# The feature owns its cache: one per runtime (two databases in one process, as in tests and
# tools, never share entries), dropped with the runtime.
_CACHES: WeakKeyDictionary[Runtime, SimilarIdeasCache] = WeakKeyDictionary()


def _cache_for(rt: Runtime) -> SimilarIdeasCache:
    cache = _CACHES.get(rt)
    if cache is None:
        cache = _CACHES[rt] = SimilarIdeasCache(rt)
    return cache


async def _load(rt: Runtime, jam_id: int, entry: JamIndex, only: set[int] | None) -> None:
    """Read the jam's ideas (or just ``only``) with their vectors into the index: visible ones
    are added or replaced, hidden or deleted ones removed."""
    query = select_columns(
        col(Idea.id), col(Idea.title), col(Idea.body), col(Idea.hidden), col(Idea.merged_into_id)
    ).where(col(Idea.jam_id) == jam_id)
    if only is not None:
        query = query.where(col(Idea.id).in_(sorted(only)))
    model_dir = resolve_model_dir(rt.settings.embedding_model)
    async with rt.db.read() as session:
        rows: list[Any] = list((await session.execute(query.order_by(col(Idea.id)))).all())
        visible: list[tuple[int, str]] = [
            (i, idea_text(t, b))
            for i, t, b, hidden, merged in rows
            if not hidden and not merged
        ]
        stored = (
            await stored_embeddings(session, model_dir.name, [i for i, _ in visible])
            if model_dir is not None
            else {}
        )
    gone = (only or set()) - {i for i, _ in visible}
    # A stored vector counts only while it is of the idea's current text.
    current = [
        stored[i][1] if i in stored and stored[i][0] == text_hash(text) else None
        for i, text in visible
    ]
    decoded = iter(await asyncio.to_thread(stack_vectors, [b for b in current if b is not None]))
    vectors: list[np.ndarray | None] = [None if b is None else next(decoded) for b in current]
    if gone:
        entry.index.remove(gone)
    if visible:
        ids = [i for i, _ in visible]
        texts = [t for _, t in visible]
        if len(visible) > 1_000:
            await asyncio.to_thread(entry.index.upsert, ids, texts, vectors)
        else:
            entry.index.upsert(ids, texts, vectors)


async def _draft_vector(rt: Runtime, text: str) -> np.ndarray | None:
    """The draft's sentence vector (in a thread: ~5-30 ms of CPU), or None without a model."""
    model_dir = resolve_model_dir(rt.settings.embedding_model)
    if model_dir is None:
        return None
    try:
        vectors = await asyncio.to_thread(embed_texts, str(model_dir), [text])
    except Exception:
        log.exception("embedding a draft with %s failed; matching by words alone", model_dir)
        return None
    return vectors[0]


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
        # NOT_FOUND for a jam that does not exist too: no index is ever built (or kept) for a
        # made-up id.
        await require_viewable_jam(session, actor, jam_id)
    entry, vector = await asyncio.gather(_cache_for(rt).current(jam_id), _draft_vector(rt, text))
    with contextlib.suppress(ValueError):  # a vector of another size than the stored ones
        found = entry.index.query(text, vector, k=first)
        return await _with_ideas(rt, found)
    return await _with_ideas(rt, entry.index.query(text, None, k=first))


async def _with_ideas(rt: Runtime, found: list[SimilarItem]) -> list[SimilarIdea]:
    if not found:
        return []
    async with rt.db.read() as session:
        rows = await session.execute(
            select(Idea).where(
                col(Idea.id).in_([f.id for f in found]), idea_is_public()
            )
        )
        ideas = {i.id: i for i in rows.scalars()}
    return [
        SimilarIdea(ideas[f.id], round(min(1.0, max(0.0, float(f.score))), 4))
        for f in found
        if f.id in ideas
    ]
