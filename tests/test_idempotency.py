"""Retried create calls return the first result and never double-post."""

import asyncio

from sqlmodel import func, select

from jam import actions
from jam.models import Comment, Idea
from tests.conftest import World


async def _count(world: World, model: type) -> int:
    async with world.rt.db.read() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_retried_post_returns_the_first_idea(world: World) -> None:
    first = await world.idea(title="Once", idempotency_key="post-1")
    again = await world.idea(title="Once", idempotency_key="post-1")
    assert first == again
    assert await _count(world, Idea) == 1


async def test_concurrent_retries_post_once(world: World) -> None:
    ids = await asyncio.gather(*[world.idea(idempotency_key="same") for _ in range(10)])
    assert len(set(ids)) == 1
    assert await _count(world, Idea) == 1


async def test_the_same_key_from_another_person_is_a_different_post(world: World) -> None:
    mine = await world.idea(idempotency_key="k")
    theirs = await world.idea(world.moderator, idempotency_key="k")
    assert mine != theirs


async def test_a_retried_comment_is_stored_once(world: World) -> None:
    idea_id = await world.idea()
    first = await actions.add_comment(
        world.rt, world.participant, idea_id, body="hi", idempotency_key="c1"
    )
    second = await actions.add_comment(
        world.rt, world.participant, idea_id, body="hi", idempotency_key="c1"
    )
    assert first.id == second.id
    assert await _count(world, Comment) == 1


async def test_a_retried_create_jam_creates_one_jam(world: World) -> None:
    start, end = world.jam.starts_at, world.jam.ends_at
    first = await actions.create_jam(
        world.rt, world.admin, title="Retry", starts_at=start, ends_at=end, idempotency_key="j"
    )
    second = await actions.create_jam(
        world.rt, world.admin, title="Retry", starts_at=start, ends_at=end, idempotency_key="j"
    )
    assert first.id == second.id


async def test_without_a_key_two_calls_post_twice(world: World) -> None:
    await world.idea()
    await world.idea()
    assert await _count(world, Idea) == 2
