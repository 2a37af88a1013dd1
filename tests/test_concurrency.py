"""Exact results under concurrent writers, on every backend."""

import asyncio

from sqlmodel import func, select

from jam import actions
from jam.models import AccountKind, GlobalRole, Idea, Vote
from tests.conftest import World, actor_of


async def _voters(world: World, n: int) -> list:  # type: ignore[type-arg]
    users = []
    for i in range(n):
        user = await actions.create_user(
            world.rt,
            email=f"voter{i}@example.org",
            password="correct horse battery",
            display_name=f"Voter {i}",
            role=GlobalRole.MEMBER,
            kind=AccountKind.EMPLOYEE,
        )
        users.append(actor_of(user))
    assert world.jam.id is not None
    jam_id = world.jam.id
    await asyncio.gather(*[actions.join_jam(world.rt, u, jam_id) for u in users])
    return users


async def test_200_concurrent_votes_on_one_idea_give_exact_counts(world: World) -> None:
    idea_id = await world.idea()
    voters = await _voters(world, 200)
    await asyncio.gather(
        *[
            actions.vote(
                world.rt,
                voter,
                idea_id,
                actions.VoteValue.UP if i % 4 else actions.VoteValue.DOWN,
            )
            for i, voter in enumerate(voters)
        ]
    )
    async with world.rt.db.read() as session:
        idea = await session.get(Idea, idea_id)
        stored = (await session.execute(select(func.count()).select_from(Vote))).scalar_one()
    assert idea is not None
    assert (idea.upvotes, idea.downvotes, stored) == (150, 50, 200)


async def test_one_person_voting_concurrently_keeps_one_vote(world: World) -> None:
    idea_id = await world.idea()
    values = [actions.VoteValue.UP, actions.VoteValue.DOWN] * 10
    await asyncio.gather(
        *[actions.vote(world.rt, world.moderator, idea_id, value) for value in values]
    )
    async with world.rt.db.read() as session:
        idea = await session.get(Idea, idea_id)
        votes = list((await session.execute(select(Vote))).scalars())
    assert idea is not None and len(votes) == 1
    assert idea.upvotes + idea.downvotes == 1
    assert (idea.upvotes == 1) == (votes[0].value == 1)


async def test_50_concurrent_writers_lose_nothing(world: World) -> None:
    writers = await _voters(world, 50)
    idea_id = await world.idea()
    assert world.forum.id is not None
    forum_id = world.forum.id

    async def write(i: int, actor) -> None:  # type: ignore[no-untyped-def]
        await actions.post_idea(world.rt, actor, forum_id, title=f"idea {i}", body="b")
        await actions.add_comment(world.rt, actor, idea_id, body=f"comment {i}")
        await actions.vote(world.rt, actor, idea_id, actions.VoteValue.UP)

    await asyncio.gather(*[write(i, actor) for i, actor in enumerate(writers)])
    async with world.rt.db.read() as session:
        titles = set((await session.execute(select(Idea.title))).scalars())
        idea = await session.get(Idea, idea_id)
    assert {f"idea {i}" for i in range(50)} <= titles
    assert idea is not None and (idea.comment_count, idea.upvotes) == (50, 50)
