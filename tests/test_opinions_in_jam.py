"""Opinion groups of a jam: computed by the worker from the votes, read by everyone who may see
the jam, the viewer's own group, hidden ideas left out, asked for by analysts and moderators,
and computed when a jam closes."""

import pytest
from sqlmodel import select

from jam import actions
from jam.access import Actor
from jam.actions.jams import record_clock_change
from jam.actions.jobs import JobKind, JobStatus, request_analysis
from jam.actions.opinions import analyse_opinions
from jam.clock import JamPhase
from jam.errors import ActionError, ErrorCode
from jam.jobs.worker import Worker
from jam.models import AccountKind, Job
from jam.queries.opinions import opinion_groups_for
from tests.conftest import World

UP, DOWN, PASS = actions.VoteValue.UP, actions.VoteValue.DOWN, actions.VoteValue.PASS


class Camps:
    """Ten ideas and two camps of eight voters: camp A agrees with the first five and disagrees
    with the rest, camp B the other way round; one person only passes."""

    def __init__(self, world: World) -> None:
        self.world = world

    async def build(self) -> "Camps":
        world = self.world
        self.ideas = [await world.idea(title=f"Idea {i}") for i in range(10)]
        self.a = [await world.user(join=True) for _ in range(8)]
        self.b = [await world.user(join=True) for _ in range(8)]
        self.passer = await world.user(join=True)
        for camp, first in ((self.a, UP), (self.b, DOWN)):
            other = DOWN if first is UP else UP
            for person in camp:
                for i, idea in enumerate(self.ideas):
                    await actions.vote(world.rt, person, idea, first if i < 5 else other)
        for idea in self.ideas[:3]:
            await actions.vote(world.rt, self.passer, idea, PASS)
        return self

    async def analysed(self) -> None:
        assert self.world.jam.id is not None
        await analyse_opinions(self.world.rt, self.world.jam.id, reason="test")

    async def view(self, actor: Actor):  # type: ignore[no-untyped-def]
        assert self.world.jam.id is not None
        return await opinion_groups_for(self.world.rt, actor, self.world.jam.id)


@pytest.fixture
async def camps(world: World) -> Camps:
    return await Camps(world).build()


async def test_there_are_no_opinion_groups_before_the_first_analysis(camps: Camps) -> None:
    assert await camps.view(camps.world.participant) is None


async def test_two_camps_of_voters_make_two_groups_of_eight(camps: Camps) -> None:
    await camps.analysed()
    view = await camps.view(camps.world.participant)
    assert view is not None and view.result.status == "ok"
    assert sorted(g["size"] for g in view.result.groups) == [8, 8]


async def test_each_member_of_a_camp_is_in_the_same_group(camps: Camps) -> None:
    await camps.analysed()
    groups_a = {(await camps.view(p)).viewer_group for p in camps.a}  # type: ignore[union-attr]
    groups_b = {(await camps.view(p)).viewer_group for p in camps.b}  # type: ignore[union-attr]
    assert len(groups_a) == len(groups_b) == 1 and groups_a != groups_b


async def test_someone_with_too_few_votes_is_not_placed(camps: Camps) -> None:
    await camps.analysed()
    view = await camps.view(camps.passer)
    assert view is not None and view.viewer_group is None
    assert view.result.placed_count == 16


async def test_a_groups_representative_ideas_are_the_ones_it_agrees_on(camps: Camps) -> None:
    await camps.analysed()
    view = await camps.view(camps.a[0])
    assert view is not None
    mine = next(g for g in view.result.groups if g["id"] == view.viewer_group)
    agreed = {r["item"] for r in mine["representative"] if r["kind"] == "agree"}
    assert agreed and agreed <= set(camps.ideas[:5])


async def test_a_hidden_idea_is_left_out_of_the_analysis(camps: Camps) -> None:
    world = camps.world
    await actions.set_idea_hidden(world.rt, world.moderator, camps.ideas[0], hidden=True)
    await camps.analysed()
    view = await camps.view(world.moderator)
    assert view is not None
    shown = {r["item"] for g in view.result.groups for r in g["representative"]}
    shown |= {c["item"] for c in view.result.consensus + view.result.divisive}
    assert shown and camps.ideas[0] not in shown


async def test_a_guest_who_did_not_join_cannot_read_them(camps: Camps) -> None:
    await camps.analysed()
    guest = await camps.world.user(kind=AccountKind.GUEST)
    with pytest.raises(ActionError) as caught:
        await camps.view(guest)
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_a_moderator_asks_and_the_worker_computes_them(camps: Camps) -> None:
    world = camps.world
    assert world.jam.id is not None
    job = await request_analysis(world.rt, world.moderator, world.jam.id, JobKind.OPINIONS)
    assert await Worker(world.rt).run_queued_jobs() == 1
    async with world.rt.db.read() as session:
        done = await session.get(Job, job.id)
    assert done is not None and done.status == JobStatus.DONE.value
    view = await camps.view(world.participant)
    assert view is not None and view.snapshot_id == done.result_id


async def test_a_participant_may_not_ask_for_them(camps: Camps) -> None:
    world = camps.world
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await request_analysis(world.rt, world.participant, world.jam.id, JobKind.OPINIONS)
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_a_jam_that_closes_gets_its_opinion_groups_computed(world: World) -> None:
    assert world.jam.id is not None
    await record_clock_change(world.rt, world.jam.id, JamPhase.CLOSED)
    async with world.rt.db.read() as session:
        jobs = list((await session.execute(select(Job.kind, Job.reason))).all())
    assert jobs == [(JobKind.OPINIONS.value, "closed")]


async def test_a_jam_without_votes_gets_a_clear_empty_result(world: World) -> None:
    assert world.jam.id is not None
    await analyse_opinions(world.rt, world.jam.id, reason="test")
    view = await opinion_groups_for(world.rt, world.participant, world.jam.id)
    assert view is not None
    assert (view.result.status, view.result.groups, view.result.voters) == ("no_votes", [], 0)


async def test_a_moderator_closing_the_jam_queues_them_once(world: World) -> None:
    assert world.jam.id is not None
    await actions.update_jam(world.rt, world.moderator, world.jam.id, close=True)
    # The worker then notices the same close by the clock: no second job.
    await record_clock_change(world.rt, world.jam.id, JamPhase.CLOSED)
    async with world.rt.db.read() as session:
        jobs = list((await session.execute(select(Job.kind, Job.reason))).all())
    assert jobs == [(JobKind.OPINIONS.value, "closed")]
