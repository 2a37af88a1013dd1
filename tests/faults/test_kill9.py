"""`kill -9` of `jam serve` under write load: every acknowledged write is there after a restart,
and retrying every write with its idempotency key posts none twice (both backends)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from sqlmodel import func, select

from jam.models import Idea
from tests.conftest import World
from tests.faults.conftest import Load, email_of, post_idea, posted_id, serving, sign_in

pytestmark = pytest.mark.slow


async def test_kill_9_under_write_load_loses_no_acknowledged_write_and_retries_post_once(
    world: World, tmp_path: Path
) -> None:
    url = world.rt.db.url
    email = await email_of(world, world.participant.user_id)
    with serving(url, tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            token = await sign_in(http, email)
        async with Load(server.url, token, world.forum.id, world.jam.slug, writers=8) as load:
            await asyncio.sleep(1.5)
            server.kill()  # mid-load: requests are in flight
            await asyncio.sleep(0.2)
    assert len(load.acknowledged) >= 20, "too little load to mean anything"
    unanswered = [key for key in load.attempted if key not in load.acknowledged]
    assert unanswered, "the kill did not interrupt any write"

    async with world.rt.db.read() as session:
        stored = {
            str(idea.id): idea.title for idea in (await session.execute(select(Idea))).scalars()
        }
    assert {key: stored.get(idea) for key, idea in load.acknowledged.items()} == {
        key: key for key in load.acknowledged
    }

    with serving(url, tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            again = {key: posted_id(await post_idea(http, token, world.forum.id, key))
                     for key in load.attempted}
    assert all(again[key] == idea for key, idea in load.acknowledged.items())
    assert all(idea is not None for idea in again.values())
    async with world.rt.db.read() as session:
        counts = dict(
            (await session.execute(
                select(Idea.title, func.count()).group_by(Idea.title)  # type: ignore[arg-type]
            )).all()
        )
    assert counts == {key: 1 for key in load.attempted}
