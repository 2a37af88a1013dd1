"""Votes: one per person per idea, changeable and retractable, exact counts."""

import pytest
from sqlmodel import select

from jam import actions
from jam.errors import ActionError, ErrorCode
from jam.models import Vote
from jam.ranking import wilson_lower_bound
from jam.timeutil import utcnow
from tests.conftest import World

UP, DOWN, PASS = actions.VoteValue.UP, actions.VoteValue.DOWN, actions.VoteValue.PASS


async def test_voting_twice_keeps_one_vote(world: World) -> None:
    idea_id = await world.idea()
    await actions.vote(world.rt, world.moderator, idea_id, UP)
    result = await actions.vote(world.rt, world.moderator, idea_id, UP)
    assert (result.idea.upvotes, result.idea.downvotes) == (1, 0)


async def test_changing_a_vote_moves_it(world: World) -> None:
    idea_id = await world.idea()
    await actions.vote(world.rt, world.moderator, idea_id, UP)
    result = await actions.vote(world.rt, world.moderator, idea_id, DOWN)
    assert (result.idea.upvotes, result.idea.downvotes) == (0, 1)


async def test_retracting_a_vote_removes_it(world: World) -> None:
    idea_id = await world.idea()
    await actions.vote(world.rt, world.moderator, idea_id, DOWN)
    result = await actions.retract_vote(world.rt, world.moderator, idea_id)
    assert (result.idea.upvotes, result.idea.downvotes, result.value) == (0, 0, None)
    async with world.rt.db.read() as session:
        assert (await session.execute(select(Vote))).first() is None


async def test_a_pass_is_a_stored_vote_that_counts_apart(world: World) -> None:
    idea_id = await world.idea()
    result = await actions.vote(world.rt, world.moderator, idea_id, PASS)
    assert (result.idea.upvotes, result.idea.downvotes, result.idea.passes) == (0, 0, 1)
    assert result.value is PASS
    async with world.rt.db.read() as session:
        assert (await session.execute(select(Vote.value))).scalar_one() == 0


async def test_a_pass_leaves_the_scores_as_no_vote_would(world: World) -> None:
    idea_id = await world.idea()
    await actions.vote(world.rt, world.participant, idea_id, UP)
    before = await actions.vote(world.rt, world.participant, idea_id, UP)
    after = await actions.vote(world.rt, world.moderator, idea_id, PASS)
    assert (after.idea.top_score, after.idea.hot_score) == (
        before.idea.top_score,
        before.idea.hot_score,
    )


async def test_changing_a_pass_to_an_upvote_moves_the_count(world: World) -> None:
    idea_id = await world.idea()
    await actions.vote(world.rt, world.moderator, idea_id, PASS)
    result = await actions.vote(world.rt, world.moderator, idea_id, UP)
    assert (result.idea.upvotes, result.idea.passes) == (1, 0)


async def test_retracting_a_pass_removes_it(world: World) -> None:
    idea_id = await world.idea()
    await actions.vote(world.rt, world.moderator, idea_id, PASS)
    result = await actions.retract_vote(world.rt, world.moderator, idea_id)
    assert (result.idea.passes, result.value) == (0, None)
    async with world.rt.db.read() as session:
        assert (await session.execute(select(Vote))).first() is None


async def test_votes_update_the_stored_top_score(world: World) -> None:
    idea_id = await world.idea()
    await actions.vote(world.rt, world.moderator, idea_id, UP)
    result = await actions.vote(world.rt, world.participant, idea_id, UP)
    assert result.idea.top_score == pytest.approx(wilson_lower_bound(2, 0))


async def test_voting_on_an_unknown_idea_is_not_found(world: World) -> None:
    with pytest.raises(ActionError) as caught:
        await actions.vote(world.rt, world.participant, 424_242, UP)
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "ideaId")


async def test_non_members_cannot_vote(world: World) -> None:
    idea_id = await world.idea()
    outsider = await world.user()
    with pytest.raises(ActionError) as caught:
        await actions.vote(world.rt, outsider, idea_id, UP)
    assert caught.value.code is ErrorCode.NOT_A_MEMBER


async def test_votes_are_refused_after_the_jam_closed(world: World) -> None:
    idea_id = await world.idea()
    with pytest.raises(ActionError) as caught:
        await actions.vote(world.rt, world.moderator, idea_id, UP, now=world.jam.ends_at)
    assert caught.value.code is ErrorCode.JAM_NOT_LIVE


async def test_a_vote_before_the_start_is_refused(world: World) -> None:
    idea_id = await world.idea()
    before = world.jam.starts_at.replace(year=world.jam.starts_at.year - 1)
    with pytest.raises(ActionError) as caught:
        await actions.vote(world.rt, world.moderator, idea_id, UP, now=before)
    assert caught.value.code is ErrorCode.JAM_NOT_LIVE
    assert utcnow() > before
