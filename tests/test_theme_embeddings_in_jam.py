"""Sentence embeddings in a jam's themes: stored once per idea and text, reused by later refits,
and never a reason for a refit to fail (no model, or a broken one, means words alone)."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import select

from jam import actions
from jam.actions.embeddings import store_idea_embeddings
from jam.analysis.embeddings import stack_vectors, text_hash, to_bytes
from jam.analysis.themes import idea_text
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.models import Idea, IdeaEmbedding
from jam.runtime import Runtime
from tests.conftest import World
from tests.test_themes_in_jam import seed_ideas

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384

# `make test` installs the model; JAM_TEST_NO_MODEL=1 skips what needs it (as in
# tests/clustering/test_embeddings.py), otherwise a missing model fails these tests.
needs_model = pytest.mark.skipif(
    os.environ.get("JAM_TEST_NO_MODEL") == "1", reason="JAM_TEST_NO_MODEL=1"
)


def refresher_with(
    world: World, embedding_model: str = "", max_embed_per_refit: int = 2000
) -> ThemeRefresher:
    """A refresher whose settings pick ``embedding_model`` (same database)."""
    settings = replace(world.rt.settings, embedding_model=embedding_model)
    rt = Runtime(settings=settings, db=world.rt.db)
    policy = RefreshPolicy(min_ideas=5, max_embed_per_refit=max_embed_per_refit)
    return ThemeRefresher(rt, policy)


async def stored(world: World) -> dict[int, IdeaEmbedding]:
    async with world.rt.db.read() as session:
        rows = (await session.execute(select(IdeaEmbedding))).scalars()
        return {row.idea_id: row for row in rows}


async def texts_of(world: World) -> dict[int, str]:
    async with world.rt.db.read() as session:
        rows = await session.execute(select(Idea.id, Idea.title, Idea.body))
        return {i: idea_text(t, b) for i, t, b in rows.all()}


def created(rows: dict[int, IdeaEmbedding]) -> dict[int, datetime]:
    return {idea_id: row.created_at for idea_id, row in rows.items()}


@needs_model
async def test_a_refit_stores_one_embedding_per_visible_idea(world: World) -> None:
    topic_of = await seed_ideas(world, per_topic=3)
    hidden = await world.idea(title="Hidden", body="a moderator hid this one")
    await actions.set_idea_hidden(world.rt, world.moderator, hidden, hidden=True)
    assert world.jam.id is not None
    await refresher_with(world).refresh_jam(world.jam.id)
    rows = await stored(world)
    texts = await texts_of(world)
    assert set(rows) == set(topic_of)
    for idea_id, row in rows.items():
        vector = stack_vectors([row.vector])[0]
        assert row.model == MODEL_NAME
        assert row.text_hash == text_hash(texts[idea_id])
        assert vector.shape == (DIM,)
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4


@needs_model
async def test_a_second_refit_reuses_the_stored_embeddings(world: World) -> None:
    await seed_ideas(world, per_topic=3)
    assert world.jam.id is not None
    refresher = refresher_with(world)
    await refresher.refresh_jam(world.jam.id)
    first = await stored(world)
    second_snapshot = await refresher.refresh_jam(world.jam.id)
    assert second_snapshot is not None and second_snapshot.version == 2
    assert created(await stored(world)) == created(first)


@needs_model
async def test_an_edited_idea_gets_a_new_vector_at_the_next_refit(world: World) -> None:
    topic_of = await seed_ideas(world, per_topic=3)
    assert world.jam.id is not None
    refresher = refresher_with(world)
    await refresher.refresh_jam(world.jam.id)
    before = await stored(world)
    edited = next(iter(topic_of))
    await actions.edit_idea(
        world.rt, world.participant, edited, body="a rooftop garden for bees and herbs"
    )
    await refresher.refresh_jam(world.jam.id)
    after = await stored(world)
    assert after[edited].text_hash == text_hash((await texts_of(world))[edited])
    assert after[edited].vector != before[edited].vector
    others = set(topic_of) - {edited}
    assert {i: after[i].created_at for i in others} == {i: before[i].created_at for i in others}


async def test_embedding_model_off_stores_none_and_themes_still_come_out(world: World) -> None:
    await seed_ideas(world, per_topic=3)
    assert world.jam.id is not None
    snapshot = await refresher_with(world, "off").refresh_jam(world.jam.id)
    assert snapshot is not None and json.loads(snapshot.themes)
    assert await stored(world) == {}


async def test_a_missing_model_folder_falls_back_to_words_alone(
    world: World, tmp_path: Path
) -> None:
    await seed_ideas(world, per_topic=3)
    assert world.jam.id is not None
    refresher = refresher_with(world, str(tmp_path / "no-such-model"))
    snapshot = await refresher.refresh_jam(world.jam.id)
    assert snapshot is not None and json.loads(snapshot.themes)
    assert await stored(world) == {}


async def test_a_missing_model_folder_is_warned_about_once_not_at_every_refit(
    world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await seed_ideas(world, per_topic=3)
    assert world.jam.id is not None
    refresher = refresher_with(world, str(tmp_path / "never-there"))
    with caplog.at_level(logging.WARNING, logger="jam.embedding_model"):
        for _ in range(3):
            await refresher.refresh_jam(world.jam.id)  # the jam and each forum: many refits
    warnings = [r for r in caplog.records if "holds no model" in r.getMessage()]
    assert len(warnings) == 1 and "never-there" in warnings[0].getMessage()


async def test_broken_model_files_fall_back_to_words_alone(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "broken-model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"not a safetensors file")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    await seed_ideas(world, per_topic=3)
    assert world.jam.id is not None
    snapshot = await refresher_with(world, str(folder)).refresh_jam(world.jam.id)
    assert snapshot is not None and json.loads(snapshot.themes)
    assert await stored(world) == {}


async def test_storing_an_idea_embedding_again_replaces_it(world: World) -> None:
    idea_id = await world.idea()
    await store_idea_embeddings(world.rt, "m", [(idea_id, "a" * 64, b"\x00" * 8)])
    await store_idea_embeddings(world.rt, "m2", [(idea_id, "b" * 64, b"\x01" * 8)])
    row = (await stored(world))[idea_id]
    assert (row.model, row.text_hash, row.vector) == ("m2", "b" * 64, b"\x01" * 8)


async def test_concurrent_stores_of_the_same_ideas_both_succeed(world: World) -> None:
    ids = [await world.idea(title=f"Idea {n}") for n in range(3)]
    rows = [[(i, f"{n}" * 64, bytes([n]) * 8) for i in ids] for n in range(2)]
    counts = await asyncio.gather(
        *(store_idea_embeddings(world.rt, MODEL_NAME, r) for r in rows)
    )
    assert counts == [3, 3]
    assert {row.vector for row in (await stored(world)).values()} <= {b"\x00" * 8, b"\x01" * 8}
    assert set(await stored(world)) == set(ids)


async def test_an_embedding_of_an_idea_that_is_gone_is_skipped(world: World) -> None:
    gone = 10**9  # an idea deleted between the refit's read and its store
    assert await store_idea_embeddings(world.rt, MODEL_NAME, [(gone, "a" * 64, b"\x00" * 4)]) == 0
    assert await stored(world) == {}


@needs_model
async def test_a_long_embedding_backlog_is_worked_off_over_several_refits(world: World) -> None:
    n_ideas = len(await seed_ideas(world, per_topic=3))
    assert world.jam.id is not None and n_ideas > 8
    refresher = refresher_with(world, max_embed_per_refit=4)
    snapshot = await refresher.refresh(world.jam.id)
    assert snapshot is not None  # themes come out at once, with words alone
    assert len(await stored(world)) == 4
    assert refresher._due(world.jam.id)  # and the jam comes back at the next tick
    for _ in range(math.ceil((n_ideas - 4) / 4)):
        await refresher.refresh(world.jam.id)
    assert len(await stored(world)) == n_ideas


def test_stored_vectors_decode_into_one_array_in_order() -> None:
    rows = np.arange(12, dtype=np.float32).reshape(3, 4)
    decoded = stack_vectors([to_bytes(row) for row in rows])
    assert decoded.dtype == np.float32
    assert np.array_equal(decoded, rows)
    assert stack_vectors([]).shape == (0, 0)


@needs_model
async def test_the_worker_embeds_new_and_edited_ideas_soon(world: World) -> None:
    import asyncio

    from jam.jobs.worker import Worker

    worker = Worker(world.rt, policy=RefreshPolicy(min_ideas=50, tick_seconds=0.2))
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.wait_for(worker.active.wait(), 10)
        idea_id = await world.idea(title="Bike sheds", body="Covered, with lockers")
        for _ in range(100):
            if idea_id in await stored(world):
                break
            await asyncio.sleep(0.1)
        first = (await stored(world))[idea_id].text_hash
        await actions.edit_idea(world.rt, world.participant, idea_id, body="Covered and lit")
        for _ in range(100):
            if (await stored(world))[idea_id].text_hash != first:
                break
            await asyncio.sleep(0.1)
        assert (await stored(world))[idea_id].text_hash == text_hash(
            idea_text("Bike sheds", "Covered and lit")
        )
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)
