"""Keeps a live jam's themes current: the worker's theme job (``jam.jobs.worker`` drives it).

(It also runs the connector analysis of a jam once the jam has closed.)

New ideas are placed into the current themes at once (``place_idea``, milliseconds). A full
refit runs when enough has changed — ``min_new_ideas`` new ideas or a ``growth`` share of the
corpus, whichever is larger — or when new ideas have waited ``max_age_seconds``; on demand for
analysts and moderators; and once more after a jam closes. Fits run in a worker process (or a
thread when none is given), never on the event loop, so API latency does not suffer; refreshes
of one scope never overlap.

With a sentence-embedding model installed (``jam.embedding_model``), a refit also uses each
idea's vector: stored ones are reused while the idea's text is unchanged, missing ones are
computed in the executor and stored. Any failure there is logged and the fit uses words alone.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import func
from sqlmodel import col, select

from jam.access import idea_is_public
from jam.actions.connectors import analyse_connectors
from jam.actions.embeddings import store_idea_embeddings
from jam.actions.themes import place_idea, store_theme_snapshot
from jam.analysis.embeddings import embed_texts, stack_vectors, text_hash, to_bytes
from jam.analysis.snapshots import FittedThemes
from jam.analysis.themes import PlacerCache, derive, fit_model, idea_text
from jam.clock import JamPhase, phase
from jam.embedding_model import resolve_model_dir
from jam.models import Forum, Idea, Jam, ThemeSnapshot
from jam.queries.embeddings import stored_embeddings
from jam.queries.themes import edit_spec, edits_for, latest_snapshot
from jam.runtime import Runtime
from jam.timeutil import utcnow

log = logging.getLogger(__name__)

STOP_POLL_SECONDS = 0.5
# Texts per call of the encoder in the executor; each batch is stored at once, so a jam's first
# (long) embedding pass keeps its progress and other jobs get the worker in between.
EMBED_BATCH = 256


@dataclass(frozen=True)
class RefreshPolicy:
    min_ideas: int = 5
    min_new_ideas: int = 10
    growth: float = 0.05
    max_age_seconds: float = 300.0
    tick_seconds: float = 15.0
    # Ideas embedded per refit at most (about 30 s of a core). A jam with a longer backlog
    # (the model installed on a big running jam, or a restore) is fitted with words alone and
    # comes back at the next tick for the next batch, so no refit waits many minutes.
    max_embed_per_refit: int = 2000


class ThemeRefresher:
    def __init__(
        self, rt: Runtime, policy: RefreshPolicy | None = None, executor: Executor | None = None
    ) -> None:
        self.rt = rt
        self.policy = policy or RefreshPolicy()
        self.executor = executor
        self._locks: dict[tuple[int, int | None], asyncio.Lock] = defaultdict(asyncio.Lock)
        self._pending: dict[int, int] = defaultdict(int)
        self._waiting_since: dict[int, float] = {}
        self._corpus: dict[int, int] = {}
        self._closed_done: set[int] = set()
        self._tasks: set[asyncio.Task[object]] = set()
        self.placers = PlacerCache()

    # -- refits ---------------------------------------------------------------------------
    async def refresh(
        self,
        jam_id: int,
        forum_id: int | None = None,
        *,
        reason: str = "scheduled",
        requested_by: int | None = None,
    ) -> ThemeSnapshot | None:
        """Refit one scope (a jam, or one of its forums) and store a new snapshot. None when it
        has fewer than ``min_ideas`` visible ideas."""
        async with self._locks[(jam_id, forum_id)]:
            async with self.rt.db.read() as session:
                query = select(Idea.id, Idea.title, Idea.body).where(
                    Idea.jam_id == jam_id, idea_is_public()
                )
                if forum_id is not None:
                    query = query.where(Idea.forum_id == forum_id)
                rows = (await session.execute(query.order_by(col(Idea.id)))).all()
                latest = await latest_snapshot(session, jam_id, forum_id)
                edits = [edit_spec(e) for e in await edits_for(session, jam_id, forum_id)]
            if len(rows) < self.policy.min_ideas:
                return None
            idea_ids = [row[0] for row in rows]
            texts = [idea_text(row[1], row[2]) for row in rows]
            previous = FittedThemes.decode(latest.model).model if latest else None
            fitted_at = utcnow()
            embeddings = await self._embeddings(jam_id, idea_ids, texts)
            loop = asyncio.get_running_loop()
            model = await loop.run_in_executor(
                self.executor, fit_model, texts, previous, embeddings
            )
            view = await loop.run_in_executor(self.executor, derive, model, idea_ids, texts, edits)
            snapshot = await store_theme_snapshot(
                self.rt,
                jam_id,
                forum_id,
                model=model,
                idea_ids=idea_ids,
                view=view,
                reason=reason,
                fitted_at=fitted_at,
                requested_by=requested_by,
            )
            if forum_id is None:
                self._corpus[jam_id] = len(idea_ids)
            return snapshot

    async def _embeddings(
        self, jam_id: int, idea_ids: list[int], texts: list[str]
    ) -> np.ndarray | None:
        """One sentence vector per text, or None for words alone (no model, it failed, or more
        than ``policy.max_embed_per_refit`` are missing: then that many are embedded now and the
        jam is due again at the next tick).

        Vectors are keyed by the model folder's name (knowing the encoder's own name would mean
        loading 90 MB in this process) and by the hash of the exact text, so an edited idea
        gets a new one. The encoder only ever runs in the executor."""
        model_dir = resolve_model_dir(self.rt.settings.embedding_model)
        if model_dir is None:
            return None
        key = model_dir.name
        hashes = [text_hash(text) for text in texts]
        try:
            async with self.rt.db.read() as session:
                stored = await stored_embeddings(session, key, idea_ids)
            # Kept as stored bytes and decoded in one go at the end, in a thread: 46,000 vectors
            # are 70 MB, and even one join and one frombuffer (~50 ms) should not hold up the
            # event loop.
            blobs: dict[int, bytes] = {}
            for idea_id, digest in zip(idea_ids, hashes, strict=True):
                found = stored.get(idea_id)
                if found is not None and found[0] == digest:
                    blobs[idea_id] = found[1]
            missing = [k for k, idea_id in enumerate(idea_ids) if idea_id not in blobs]
            cap = max(0, self.policy.max_embed_per_refit)
            if len(missing) > cap:
                await self._compute(model_dir, idea_ids, texts, hashes, missing[:cap])
                self._come_back(jam_id)
                log.info("jam %s: %d ideas still to embed; fitting with words alone this time",
                         jam_id, len(missing) - cap)
                return None
            blobs.update(await self._compute(model_dir, idea_ids, texts, hashes, missing))
            if len({len(blob) for blob in blobs.values()}) > 1:
                # The folder now holds a model of another size under the same name: redo all.
                everything = list(range(len(idea_ids)))
                blobs = await self._compute(model_dir, idea_ids, texts, hashes, everything)
            in_order = [blobs[idea_id] for idea_id in idea_ids]
            return await asyncio.to_thread(stack_vectors, in_order)
        except Exception:
            log.exception("embedding ideas with %s failed; themes use words alone", model_dir)
            return None

    async def embed_ideas(self, idea_ids: list[int]) -> int:
        """Embed these ideas now (new or edited ones, for similar-ideas lookups), skipping those
        whose stored vector matches their current text; how many were embedded. Hidden or
        deleted ideas are skipped. Without a model this does nothing."""
        model_dir = resolve_model_dir(self.rt.settings.embedding_model)
        if model_dir is None or not idea_ids:
            return 0
        async with self.rt.db.read() as session:
            rows = (
                await session.execute(
                    select(Idea.id, Idea.title, Idea.body).where(
                        col(Idea.id).in_(sorted(set(idea_ids))), idea_is_public()
                    )
                )
            ).all()
            stored = await stored_embeddings(session, model_dir.name, [r[0] for r in rows])
        ids = [r[0] for r in rows]
        texts = [idea_text(r[1], r[2]) for r in rows]
        hashes = [text_hash(t) for t in texts]
        missing = [
            k for k, (i, h) in enumerate(zip(ids, hashes, strict=True))
            if stored.get(i, ("", b""))[0] != h
        ]
        if missing:
            await self._compute(model_dir, ids, texts, hashes, missing)
        return len(missing)

    async def _compute(
        self,
        model_dir: Path,
        idea_ids: list[int],
        texts: list[str],
        hashes: list[str],
        which: list[int],
    ) -> dict[int, bytes]:
        """Embed the texts at positions ``which`` in the executor and store their vectors;
        idea id -> the vector as stored.

        A failed store is logged and the vectors are still used: the next refit computes them
        again, but this one does not lose its embeddings."""
        loop = asyncio.get_running_loop()
        blobs: dict[int, bytes] = {}
        for start in range(0, len(which), EMBED_BATCH):
            batch = which[start : start + EMBED_BATCH]
            new = await loop.run_in_executor(
                self.executor, embed_texts, str(model_dir), [texts[k] for k in batch]
            )
            if new.shape[0] != len(batch):
                raise ValueError(f"the encoder returned {new.shape[0]} rows for {len(batch)}")
            rows = [(idea_ids[k], hashes[k], to_bytes(vector))
                    for k, vector in zip(batch, new, strict=True)]
            blobs.update((idea_id, blob) for idea_id, _hash, blob in rows)
            try:
                await store_idea_embeddings(self.rt, model_dir.name, rows)
            except Exception:
                log.exception("storing %d idea embeddings failed", len(rows))
        return blobs

    async def refresh_jam(
        self, jam_id: int, *, reason: str = "scheduled", requested_by: int | None = None
    ) -> ThemeSnapshot | None:
        """Refit the jam's themes and each forum's; returns the jam-wide snapshot."""
        self._pending.pop(jam_id, None)
        self._waiting_since.pop(jam_id, None)
        snapshot = await self.refresh(jam_id, reason=reason, requested_by=requested_by)
        async with self.rt.db.read() as session:
            forum_ids = list(
                (await session.execute(select(Forum.id).where(Forum.jam_id == jam_id))).scalars()
            )
        for forum_id in forum_ids:
            await self.refresh(jam_id, forum_id, reason=reason, requested_by=requested_by)
        return snapshot

    def _come_back(self, jam_id: int) -> None:
        """Make the jam due at the next tick (used while its embedding backlog lasts)."""
        self._pending[jam_id] = max(1, self._pending.get(jam_id, 0))
        self._waiting_since[jam_id] = time.monotonic() - self.policy.max_age_seconds

    # -- the live loop --------------------------------------------------------------------
    def _due(self, jam_id: int) -> bool:
        pending = self._pending.get(jam_id, 0)
        if pending == 0:
            return False
        corpus = self._corpus.get(jam_id)
        if corpus is None:
            return True  # no snapshot seen yet: try (refresh skips tiny jams)
        threshold = max(self.policy.min_new_ideas, int(self.policy.growth * corpus))
        waited = time.monotonic() - self._waiting_since.get(jam_id, time.monotonic())
        return pending >= threshold or waited >= self.policy.max_age_seconds

    def _spawn(self, jam_id: int, reason: str) -> None:
        task = asyncio.create_task(self._safely(jam_id, reason))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _safely(self, jam_id: int, reason: str) -> None:
        try:
            await self.refresh_jam(jam_id, reason=reason)
            if reason == "jam closed":
                # Strategy teams get the network of a finished jam without asking for it.
                await analyse_connectors(self.rt, jam_id, reason=reason, executor=self.executor)
        except Exception:
            log.exception("background analysis of jam %s failed", jam_id)

    async def on_idea_posted(self, idea_id: int, jam_id: int) -> None:
        """Place a new idea into the current themes and refit its jam when enough is new."""
        try:
            await place_idea(self.rt, idea_id, self.placers)
        except Exception:
            log.exception("placing idea %s into themes failed", idea_id)
        self._pending[jam_id] += 1
        self._waiting_since.setdefault(jam_id, time.monotonic())
        if self._due(jam_id) and not self._locks[(jam_id, None)].locked():
            self._spawn(jam_id, "new ideas")

    async def catch_up(self) -> None:
        """After a (re)start: every live jam whose newest snapshot misses some of its visible
        ideas is due at the next tick (ideas posted while no worker ran are not lost)."""
        async with self.rt.db.read() as session:
            counts = dict(
                (
                    await session.execute(
                        select(Idea.jam_id, func.count())
                        .join(Jam, col(Jam.id) == Idea.jam_id)
                        .where(
                            idea_is_public(),
                            col(Jam.starts_at) <= utcnow(),
                            col(Jam.ends_at) > utcnow(),
                        )
                        .group_by(col(Idea.jam_id))
                    )
                ).all()
            )
            for jam_id, count in counts.items():
                latest = await latest_snapshot(session, jam_id, None)
                if latest is not None:
                    self._corpus[jam_id] = latest.idea_count
                if latest is None or latest.idea_count != count:
                    self._come_back(jam_id)

    async def tick(self, jams: Sequence[Jam] | None = None) -> None:
        """Refit jams whose new ideas waited too long, and each jam once after it closed
        (``jams``: all of them, when the caller has read them already)."""
        for jam_id in list(self._pending):
            if self._due(jam_id) and not self._locks[(jam_id, None)].locked():
                self._spawn(jam_id, "new ideas")
        async with self.rt.db.read() as session:
            if jams is None:
                jams = list((await session.execute(select(Jam))).scalars())
            for jam in jams:
                assert jam.id is not None
                if jam.id in self._closed_done or phase(jam, utcnow()) is not JamPhase.CLOSED:
                    continue
                latest = await latest_snapshot(session, jam.id, None)
                self._closed_done.add(jam.id)
                if latest is None or latest.fitted_at < jam.ends_at:
                    self._spawn(jam.id, "jam closed")

    async def stop(self, timeout: float = 10.0) -> None:
        """Stop gracefully: refreshes in flight get ``timeout`` seconds to finish. Only what
        is still running after that is cancelled, and even then this waits at most ``timeout``
        more: cancelling a database call midway can leave it waiting on its connection, and
        shutdown must not hang on that."""
        running = set(self._tasks)
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=timeout)
        for task in late:
            task.cancel()
        if late:
            _, stuck = await asyncio.wait(late, timeout=timeout)
            if stuck:
                log.warning("%d background task(s) did not stop", len(stuck))
