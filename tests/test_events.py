"""The event outbox and each process's feed: recorded with the change, read in order, never
skipped or repeated, and nothing for a call that changed nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, text
from sqlmodel import col, select

from jam import actions
from jam.events import START, EventKind, Position, read_committed, record_event
from jam.feed import EventFeed, SubscriberDropped
from jam.models import OutboxEvent
from jam.runtime import Runtime
from tests.conftest import World


async def _kinds(rt: Runtime) -> list[str]:
    async with rt.db.read() as session:
        rows = await session.execute(select(OutboxEvent.kind).order_by(col(OutboxEvent.position)))
        return list(rows.scalars())


async def _count(rt: Runtime) -> int:
    async with rt.db.read() as session:
        counted = await session.execute(select(func.count()).select_from(OutboxEvent))
        return int(counted.scalar_one())


async def test_a_posted_idea_records_one_event_with_its_jam(world: World) -> None:
    before = await _count(world.rt)
    idea_id = await world.idea()
    async with world.rt.db.read() as session:
        row = (
            await session.execute(select(OutboxEvent).order_by(col(OutboxEvent.position).desc()))
        ).scalars().first()
    assert await _count(world.rt) == before + 1
    assert row is not None and row.kind == EventKind.IDEA_POSTED.value
    assert (row.jam_id, row.idea_id, row.subject_id) == (world.jam.id, idea_id, idea_id)


async def test_a_replayed_post_records_nothing(world: World) -> None:
    await world.idea(idempotency_key="k1")
    before = await _count(world.rt)
    await world.idea(idempotency_key="k1")
    assert await _count(world.rt) == before


async def test_voting_the_same_way_twice_records_one_event(world: World) -> None:
    idea_id = await world.idea()
    before = await _count(world.rt)
    for _ in range(2):
        await actions.vote(world.rt, world.moderator, idea_id, actions.VoteValue.UP)
    assert await _count(world.rt) == before + 1


async def test_hiding_a_hidden_idea_and_an_unchanged_edit_record_nothing(world: World) -> None:
    idea_id = await world.idea(title="Same", body="Same body")
    await actions.set_idea_hidden(world.rt, world.moderator, idea_id, hidden=True)
    before = await _count(world.rt)
    await actions.set_idea_hidden(world.rt, world.moderator, idea_id, hidden=True)
    await actions.set_idea_hidden(world.rt, world.moderator, idea_id, hidden=False)
    await actions.edit_idea(world.rt, world.participant, idea_id, title="Same", body="Same body")
    # Only the restore, and the author's notification of it.
    assert (await _kinds(world.rt))[before:] == ["idea.restored", "notification.added"]


async def test_a_comment_event_carries_its_jam_and_idea(world: World) -> None:
    idea_id = await world.idea()
    comment = await actions.add_comment(world.rt, world.moderator, idea_id, body="Yes")
    async with world.rt.db.read() as session:
        row = (
            await session.execute(
                select(OutboxEvent).where(OutboxEvent.kind == EventKind.COMMENT_ADDED.value)
            )
        ).scalar_one()
    assert (row.jam_id, row.idea_id, row.subject_id) == (world.jam.id, idea_id, comment.id)


async def test_a_failed_action_records_nothing(world: World) -> None:
    from jam.errors import ActionError

    before = await _count(world.rt)
    outsider = await world.user()
    with pytest.raises(ActionError):
        await world.idea(author=outsider)
    assert await _count(world.rt) == before


async def test_positions_round_trip_and_order() -> None:
    assert Position.parse(str(Position(12, 34))) == Position(12, 34)
    assert Position(1, 99) < Position(2, 1) < Position(2, 5)
    for bad in ("", "x.1", "1", "1.-2", "1.2.3", f"{2**63}.1", f"1.{2**64}", "².1"):
        with pytest.raises(ValueError):
            Position.parse(bad)


async def test_the_feed_hands_each_subscriber_its_jams_events_in_order(world: World) -> None:
    other = await world.new_jam(starts_in=-timedelta(hours=1), lasts=timedelta(days=1))
    assert other.id is not None
    feed = world.rt.feed
    await feed.start()
    async with feed.subscribe(jam_id=world.jam.id) as mine, feed.subscribe() as everything:
        first = await world.idea(title="one")
        elsewhere = await actions.join_jam(world.rt, world.participant, other.id)
        second = await world.idea(title="two")
        assert elsewhere.jam_id == other.id
        heard = [await asyncio.wait_for(anext(mine), 5) for _ in range(2)]
        assert [e.subject_id for e in heard] == [first, second]
        assert heard[0].position < heard[1].position
        kinds = [(await asyncio.wait_for(anext(everything), 5)).kind for _ in range(3)]
        assert kinds == [EventKind.IDEA_POSTED, EventKind.MEMBER_JOINED, EventKind.IDEA_POSTED]


async def test_a_subscriber_that_falls_behind_is_dropped_and_the_others_are_not(
    world: World,
) -> None:
    feed = EventFeed(world.rt.db, queue_size=3)
    await feed.start()
    try:
        async with feed.subscribe() as slow, feed.subscribe(queue_size=100) as fast:
            posted = [await world.idea(title=f"idea {n}") for n in range(6)]
            heard = [(await asyncio.wait_for(anext(fast), 5)).subject_id for _ in posted]
            assert heard == posted
            assert slow.dropped
            with pytest.raises(SubscriberDropped):
                while True:
                    await asyncio.wait_for(anext(slow), 5)
    finally:
        await feed.stop()


async def test_a_subscriber_resuming_after_a_position_misses_nothing_and_repeats_nothing(
    world: World,
) -> None:
    feed = world.rt.feed
    await feed.start()
    first = await world.idea(title="seen")
    await asyncio.sleep(0.2)  # the feed has handed it out: the subscriber below starts after it
    async with feed.subscribe(jam_id=world.jam.id) as live:
        await world.idea(title="seen too")
        seen = await asyncio.wait_for(anext(live), 5)
    missed = [await world.idea(title=f"missed {n}") for n in range(3)]
    await asyncio.sleep(0.1)
    async with feed.subscribe(jam_id=world.jam.id, after=seen.position) as again:
        later = await world.idea(title="live")
        got = [(await asyncio.wait_for(anext(again), 5)).subject_id for _ in range(4)]
    assert got == [*missed, later] and first not in got


async def test_read_committed_from_the_start_sees_every_event(world: World) -> None:
    async with world.rt.db.read() as session:
        events, held = await read_committed(session, START, 10_000)
    assert not held
    assert [e.kind.value for e in events] == await _kinds(world.rt)


async def test_postgres_transactions_committing_out_of_order_are_neither_skipped_nor_repeated(
    world: World,
) -> None:
    """T1 takes its transaction id first, T2 inserts its event first (lower position) and
    commits first; the reader must wait for T1, then deliver both, once each."""
    if world.rt.db.sqlite:
        pytest.skip("SQLite commits one writer at a time, in position order")
    engine = world.rt.db.writer
    async with world.rt.db.read() as session:
        cursor = (await read_committed(session, START, 100_000))[0][-1].position
    delivered: list[int] = []

    async def read() -> bool:
        nonlocal cursor
        async with world.rt.db.read() as session:
            events, held = await read_committed(session, cursor)
        for event in events:
            delivered.append(event.subject_id or 0)
            cursor = event.position
        return held

    from sqlalchemy.ext.asyncio import AsyncSession

    async with engine.connect() as c1, engine.connect() as c2:
        t1 = await c1.begin()
        s1 = AsyncSession(bind=c1)
        await s1.execute(text("SELECT pg_current_xact_id()"))  # T1 has the older id
        t2 = await c2.begin()
        s2 = AsyncSession(bind=c2)
        await record_event(s2, EventKind.THEMES_UPDATED, jam_id=world.jam.id, subject_id=2)
        await record_event(s1, EventKind.THEMES_UPDATED, jam_id=world.jam.id, subject_id=1)
        await t2.commit()
        assert await read() is True  # T2 committed but waits behind T1
        assert delivered == []
        await t1.commit()
        assert await read() is False
        assert delivered == [1, 2]
        assert await read() is False
        assert delivered == [1, 2]
