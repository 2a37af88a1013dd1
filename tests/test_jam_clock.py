"""The jam clock: scheduled → live → closed; extend and close early."""

from datetime import timedelta

import pytest

from jam import actions
from jam.clock import JamPhase, phase
from jam.errors import ActionError, ErrorCode
from jam.timeutil import utcnow
from tests.conftest import World


async def test_a_jam_before_its_start_is_scheduled_and_read_only(world: World) -> None:
    jam = await world.new_jam(starts_in=timedelta(hours=2), lasts=timedelta(days=1))
    assert phase(jam, utcnow()) is JamPhase.SCHEDULED
    forum_id = await _first_forum(world, jam.id)
    await actions.join_jam(world.rt, world.participant, jam.id)  # type: ignore[arg-type]
    with pytest.raises(ActionError) as caught:
        await actions.post_idea(world.rt, world.participant, forum_id, title="t", body="b")
    assert caught.value.code is ErrorCode.JAM_NOT_LIVE
    assert jam.starts_at.isoformat() in caught.value.message  # says when it opens


async def test_a_jam_after_its_end_is_closed_and_read_only(world: World) -> None:
    jam = await world.new_jam(starts_in=timedelta(days=-2), lasts=timedelta(days=1))
    assert phase(jam, utcnow()) is JamPhase.CLOSED
    forum_id = await _first_forum(world, jam.id)
    await actions.join_jam(world.rt, world.participant, jam.id)  # type: ignore[arg-type]
    with pytest.raises(ActionError) as caught:
        await actions.post_idea(world.rt, world.participant, forum_id, title="t", body="b")
    assert caught.value.code is ErrorCode.JAM_NOT_LIVE


async def test_the_jam_is_live_between_start_and_end(world: World) -> None:
    assert phase(world.jam, utcnow()) is JamPhase.LIVE
    assert phase(world.jam, world.jam.starts_at) is JamPhase.LIVE
    assert phase(world.jam, world.jam.ends_at) is JamPhase.CLOSED


async def test_a_moderator_closes_a_live_jam_early(world: World) -> None:
    assert world.jam.id is not None
    closed = await actions.update_jam(world.rt, world.moderator, world.jam.id, close=True)
    assert phase(closed, utcnow()) is JamPhase.CLOSED
    with pytest.raises(ActionError) as caught:
        await world.idea()
    assert caught.value.code is ErrorCode.JAM_NOT_LIVE


async def test_a_moderator_extends_an_ended_jam_which_reopens_it(world: World) -> None:
    jam = await world.new_jam(starts_in=timedelta(days=-2), lasts=timedelta(days=1))
    assert jam.id is not None
    await actions.assign_moderator(world.rt, world.admin, jam.id, world.moderator.user_id)
    new_end = utcnow() + timedelta(hours=6)
    extended = await actions.update_jam(world.rt, world.moderator, jam.id, ends_at=new_end)
    assert phase(extended, utcnow()) is JamPhase.LIVE
    assert extended.ends_at == new_end.replace(microsecond=new_end.microsecond)


async def test_closing_a_closed_jam_is_refused(world: World) -> None:
    assert world.jam.id is not None
    await actions.update_jam(world.rt, world.moderator, world.jam.id, close=True)
    with pytest.raises(ActionError) as caught:
        await actions.update_jam(world.rt, world.moderator, world.jam.id, close=True)
    assert caught.value.code is ErrorCode.JAM_NOT_LIVE


async def test_an_end_in_the_past_is_invalid_input(world: World) -> None:
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await actions.update_jam(
            world.rt, world.moderator, world.jam.id, ends_at=utcnow() - timedelta(minutes=1)
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_INPUT, "endsAt")


async def test_a_participant_cannot_close_the_jam(world: World) -> None:
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await actions.update_jam(world.rt, world.participant, world.jam.id, close=True)
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_the_start_cannot_move_once_the_jam_began(world: World) -> None:
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await actions.update_jam(
            world.rt, world.moderator, world.jam.id, starts_at=utcnow() - timedelta(days=1)
        )
    assert caught.value.field == "startsAt"


async def test_a_jam_must_end_after_it_starts(world: World) -> None:
    start = utcnow()
    with pytest.raises(ActionError) as caught:
        await actions.create_jam(
            world.rt, world.admin, title="Backwards", starts_at=start, ends_at=start
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_INPUT, "endsAt")


async def _first_forum(world: World, jam_id: int | None) -> int:
    from sqlmodel import select

    from jam.models import Forum

    async with world.rt.db.read() as session:
        forum_id = (
            await session.execute(select(Forum.id).where(Forum.jam_id == jam_id))
        ).scalar_one()
    assert forum_id is not None
    return int(forum_id)
