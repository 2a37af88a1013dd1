"""Merging duplicate ideas with consent, and unmerging exactly (jam.actions.merges)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from jam import actions
from jam.access import Actor
from jam.actions import merges
from jam.errors import ActionError, ErrorCode
from jam.models import Comment, Idea, IdeaMerge, Notification, Vote
from jam.queries.ideas import IdeaFilter, list_ideas
from jam.timeutil import utcnow
from tests.conftest import World

UP, DOWN, PASS = actions.VoteValue.UP, actions.VoteValue.DOWN, actions.VoteValue.PASS


async def refused(call: Any) -> ActionError:
    with pytest.raises(ActionError) as caught:
        await call
    return caught.value


async def state(world: World, *idea_ids: int) -> dict[str, Any]:
    """Everything a merge may change, for comparing before and after."""
    async with world.rt.db.read() as session:
        ideas = {
            i.id: (
                i.upvotes, i.downvotes, i.comment_count, i.top_score, i.hot_score,
                i.merged_into_id, i.passes,
            )
            for i in (
                await session.execute(select(Idea).where(col(Idea.id).in_(idea_ids)))
            ).scalars()
        }
        votes = sorted(
            (v.idea_id, v.user_id, v.value, v.created_at, v.updated_at)
            for v in (
                await session.execute(select(Vote).where(col(Vote.idea_id).in_(idea_ids)))
            ).scalars()
        )
        comments = sorted(
            (c.id, c.idea_id, c.parent_id, c.moved_from_idea_id)
            for c in (
                await session.execute(select(Comment).where(col(Comment.idea_id).in_(idea_ids)))
            ).scalars()
        )
    return {"ideas": ideas, "votes": votes, "comments": comments}


class Duplicates:
    """Idea A by the participant and its duplicate B by another member, with votes (one
    person on both, one who passed on B) and a comment thread on B."""

    def __init__(self, world: World) -> None:
        self.world = world

    async def build(self) -> Duplicates:
        world = self.world
        self.a = await world.idea(title="Four-day week")
        self.b_author = await world.user(join=True)
        self.b = await world.idea(self.b_author, title="A 4-day working week")
        self.both, self.only_b, self.only_a, self.passer = [
            await world.user(join=True) for _ in range(4)
        ]
        await actions.vote(world.rt, self.both, self.a, DOWN)
        await actions.vote(world.rt, self.both, self.b, UP)
        await actions.vote(world.rt, self.only_b, self.b, UP)
        await actions.vote(world.rt, self.only_a, self.a, UP)
        await actions.vote(world.rt, self.passer, self.b, PASS)
        first = await actions.add_comment(world.rt, self.only_b, self.b, body="Yes please")
        await actions.add_comment(
            world.rt, self.b_author, self.b, body="Thanks", parent_id=first.id
        )
        return self

    async def propose(self, **kwargs: Any) -> IdeaMerge:
        return await merges.propose_merge(
            self.world.rt, self.world.moderator, self.b, self.a, **kwargs
        )

    async def merged(self) -> IdeaMerge:
        merge = await self.propose()
        assert merge.id is not None
        return await merges.answer_merge(self.world.rt, self.b_author, merge.id, accept=True)


@pytest.fixture
async def dup(world: World) -> Duplicates:
    return await Duplicates(world).build()


async def inbox_kinds(world: World, actor: Actor) -> list[str]:
    async with world.rt.db.read() as session:
        rows = await session.execute(
            select(Notification.kind)
            .where(Notification.user_id == actor.user_id)
            .order_by(col(Notification.id))
        )
        return list(rows.scalars())


async def test_a_proposal_asks_the_source_ideas_author(dup: Duplicates) -> None:
    merge = await dup.propose(note="Same idea, better discussed there")
    assert merge.status == "pending"
    assert await inbox_kinds(dup.world, dup.b_author) == ["reply", "merge_requested"]
    after = await state(dup.world, dup.b)
    assert after["ideas"][dup.b][5] is None  # nothing merged yet


async def test_accepting_merges_votes_without_counting_anyone_twice(dup: Duplicates) -> None:
    await dup.merged()
    after = await state(dup.world, dup.a, dup.b)
    voters_on_a = {(user, value) for idea, user, value, *_ in after["votes"] if idea == dup.a}
    assert voters_on_a == {
        (dup.both.user_id, -1),  # their vote on A stands
        (dup.only_b.user_id, 1),  # moved from B
        (dup.only_a.user_id, 1),
        (dup.passer.user_id, 0),  # a pass moves too
    }
    upvotes, downvotes, comment_count, *_, passes = after["ideas"][dup.a]
    assert (upvotes, downvotes, comment_count, passes) == (2, 1, 2, 1)
    assert after["ideas"][dup.b][5] == dup.a


async def test_comments_move_under_the_target_with_their_provenance(dup: Duplicates) -> None:
    await dup.merged()
    after = await state(dup.world, dup.a, dup.b)
    assert [(idea, moved) for _, idea, _, moved in after["comments"]] == [
        (dup.a, dup.b),
        (dup.a, dup.b),
    ]


async def test_a_merged_idea_leaves_the_lists(dup: Duplicates) -> None:
    await dup.merged()
    assert dup.world.jam.id is not None
    page = await list_ideas(
        dup.world.rt, dup.world.moderator, IdeaFilter(jam_id=dup.world.jam.id)
    )
    assert dup.b not in [idea.id for idea in page.ideas]


async def test_supporters_and_the_author_are_told(dup: Duplicates) -> None:
    await dup.merged()
    assert (await inbox_kinds(dup.world, dup.only_b))[-1] == "merge_done"
    assert (await inbox_kinds(dup.world, dup.both))[-1] == "merge_done"
    assert "merge_done" not in await inbox_kinds(dup.world, dup.only_a)
    assert "merge_done" not in await inbox_kinds(dup.world, dup.passer)


async def test_unmerge_restores_exactly_what_was_before(dup: Duplicates) -> None:
    before = await state(dup.world, dup.a, dup.b)
    merge = await dup.merged()
    assert merge.id is not None
    assert await state(dup.world, dup.a, dup.b) != before
    undone = await merges.unmerge(dup.world.rt, dup.world.moderator, merge.id)
    assert undone.status == "unmerged"
    assert await state(dup.world, dup.a, dup.b) == before


async def test_unmerge_takes_replies_written_since_back_to_their_thread(dup: Duplicates) -> None:
    merge = await dup.merged()
    assert merge.id is not None
    async with dup.world.rt.db.read() as session:
        first = (
            await session.execute(
                select(Comment).where(Comment.moved_from_idea_id == dup.b).order_by(
                    col(Comment.id)
                )
            )
        ).scalars().first()
    assert first is not None
    reply = await actions.add_comment(
        dup.world.rt, dup.only_a, dup.a, body="Late reply", parent_id=first.id
    )
    await merges.unmerge(dup.world.rt, dup.world.moderator, merge.id)
    async with dup.world.rt.db.read() as session:
        moved_back = await session.get(Comment, reply.id)
    assert moved_back is not None and moved_back.idea_id == dup.b


async def test_declining_keeps_both_ideas_and_tells_the_moderator(dup: Duplicates) -> None:
    before = await state(dup.world, dup.a, dup.b)
    merge = await dup.propose()
    assert merge.id is not None
    answered = await merges.answer_merge(
        dup.world.rt, dup.b_author, merge.id, accept=False, note="Mine is about part-time"
    )
    assert answered.status == "declined"
    assert await state(dup.world, dup.a, dup.b) == before
    assert (await inbox_kinds(dup.world, dup.world.moderator))[-1] == "merge_declined"


async def test_only_the_author_answers(dup: Duplicates) -> None:
    merge = await dup.propose()
    assert merge.id is not None
    error = await refused(
        merges.answer_merge(dup.world.rt, dup.world.participant, merge.id, accept=True)
    )
    assert (error.code, error.field) == (ErrorCode.FORBIDDEN, "mergeId")


async def test_the_moderator_decides_only_after_the_deadline(dup: Duplicates) -> None:
    merge = await dup.propose()
    assert merge.id is not None
    early = await refused(
        merges.decide_merge(dup.world.rt, dup.world.moderator, merge.id, merge_now=True)
    )
    assert early.code is ErrorCode.AWAITING_AUTHOR
    later = utcnow() + timedelta(hours=merges.CONSENT_HOURS, minutes=1)
    decided = await merges.decide_merge(
        dup.world.rt, dup.world.moderator, merge.id, merge_now=True, now=later
    )
    assert decided.status == "merged"


async def test_a_moderator_may_withdraw_a_waiting_proposal(dup: Duplicates) -> None:
    merge = await dup.propose()
    assert merge.id is not None
    withdrawn = await merges.decide_merge(
        dup.world.rt, dup.world.moderator, merge.id, merge_now=False
    )
    assert withdrawn.status == "cancelled"
    late = await refused(
        merges.answer_merge(dup.world.rt, dup.b_author, merge.id, accept=True)
    )
    assert late.code is ErrorCode.CONFLICT


async def test_one_waiting_proposal_per_idea(dup: Duplicates) -> None:
    await dup.propose()
    error = await refused(dup.propose())
    assert (error.code, error.field) == (ErrorCode.MERGE_PENDING, "sourceId")


async def test_an_idea_is_not_merged_into_itself(dup: Duplicates) -> None:
    error = await refused(
        merges.propose_merge(dup.world.rt, dup.world.moderator, dup.a, dup.a)
    )
    assert (error.code, error.field) == (ErrorCode.INVALID_INPUT, "targetId")


async def test_participants_cannot_propose(dup: Duplicates) -> None:
    error = await refused(
        merges.propose_merge(dup.world.rt, dup.world.participant, dup.b, dup.a)
    )
    assert (error.code, error.field) == (ErrorCode.FORBIDDEN, "sourceId")


async def test_a_moderators_own_idea_merges_at_once(world: World) -> None:
    a = await world.idea()
    b = await world.idea(world.moderator, title="Mine")
    merge = await merges.propose_merge(world.rt, world.moderator, b, a)
    assert merge.status == "merged"
