"""Connector analyses of a jam: who may read them, names vs pseudonyms, evidence, teams."""

import uuid

import pytest

from jam import actions
from jam.access import Actor
from jam.actions.connectors import analyse_connectors
from jam.actions.jobs import JobKind, JobStatus, request_analysis
from jam.errors import ActionError, ErrorCode
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.jobs.worker import Worker
from jam.models import AccountKind, GlobalRole
from jam.queries.connectors import connector_analysis_for
from tests.conftest import World, actor_of
from tests.test_themes_in_jam import seed_ideas


async def _person(world: World, unit: str, country: str, name: str) -> Actor:
    user = await actions.create_user(
        world.rt,
        email=f"{uuid.uuid4().hex[:10]}@example.org",
        password="correct horse battery",
        display_name=name,
        org_unit=unit,
        country=country,
    )
    actor = actor_of(user)
    assert world.jam.id is not None
    await actions.join_jam(world.rt, actor, world.jam.id)
    return actor


async def two_camps_and_a_bridge(world: World) -> Actor:
    """Two groups who only talk among themselves, and one person who talks with both."""
    camps = [
        [await _person(world, "Research", "DE", f"R{i}") for i in range(6)],
        [await _person(world, "Sales", "BR", f"S{i}") for i in range(6)],
    ]
    bridge = await _person(world, "Consulting", "IN", "Bridget")
    assert world.forum.id is not None
    for camp in camps:
        for author in camp:
            idea = await actions.post_idea(world.rt, author, world.forum.id, title="t", body="b")
            assert idea.id is not None
            for other in camp:
                if other != author:
                    await actions.add_comment(world.rt, other, idea.id, body="+1")
            await actions.add_comment(world.rt, bridge, idea.id, body="connect with the others")
    return bridge


async def test_the_bridge_person_ranks_first_with_evidence(world: World) -> None:
    bridge = await two_camps_and_a_bridge(world)
    assert world.jam.id is not None
    await analyse_connectors(world.rt, world.jam.id, reason="test")
    view = await connector_analysis_for(world.rt, world.admin, world.jam.id)
    assert view is not None and not view.pseudonymous
    top = view.result["connectors"]["connectors"][0]
    assert (top["person"]["id"], top["person"]["name"]) == (bridge.user_id, "Bridget")
    assert top["ties"] and top["ties"][0]["interactions"][0]["idea_id"] is not None
    assert len(view.result["communities"]["communities"]) >= 2


async def test_moderators_see_stable_pseudonyms_not_names(world: World) -> None:
    await two_camps_and_a_bridge(world)
    assert world.jam.id is not None
    await analyse_connectors(world.rt, world.jam.id, reason="first")
    first = await connector_analysis_for(world.rt, world.moderator, world.jam.id)
    await analyse_connectors(world.rt, world.jam.id, reason="second")
    second = await connector_analysis_for(world.rt, world.moderator, world.jam.id)
    assert first is not None and second is not None and second.pseudonymous
    top_first = first.result["connectors"]["connectors"][0]["person"]
    top_second = second.result["connectors"]["connectors"][0]["person"]
    assert top_first["id"] is None and top_first["name"].startswith("Participant ")
    assert top_first["name"] == top_second["name"]
    assert "Bridget" not in str(second.result)


async def test_moderators_see_the_evidence_without_idea_or_comment_ids(world: World) -> None:
    # Every idea and comment shows its author to the jam: an id would name the person.
    await two_camps_and_a_bridge(world)
    assert world.jam.id is not None
    await analyse_connectors(world.rt, world.jam.id, reason="test")
    view = await connector_analysis_for(world.rt, world.moderator, world.jam.id)
    assert view is not None
    top = view.result["connectors"]["connectors"][0]
    interactions = [i for t in top["ties"] for i in t["interactions"]]
    assert interactions and {i["kind"] for i in interactions} <= {"comment", "co_comment"}
    assert {(i["idea_id"], i["comment_id"]) for i in interactions} == {(None, None)}


async def test_moderators_see_a_unit_only_it_holds_as_other(world: World) -> None:
    bridge = await two_camps_and_a_bridge(world)
    assert world.jam.id is not None
    await analyse_connectors(world.rt, world.jam.id, reason="test")
    admin = await connector_analysis_for(world.rt, world.admin, world.jam.id)
    view = await connector_analysis_for(world.rt, world.moderator, world.jam.id)
    assert admin is not None and view is not None
    rank = next(
        c["rank"]
        for c in admin.result["connectors"]["connectors"]
        if c["person"]["id"] == bridge.user_id
    )
    shown = next(c for c in view.result["connectors"]["connectors"] if c["rank"] == rank)
    assert (shown["person"]["org_unit"], shown["person"]["country"]) == ("other", "other")
    assert "Consulting" not in str(view.result)


async def test_analysts_run_analyses(world: World) -> None:
    await two_camps_and_a_bridge(world)
    analyst = await world.user(role=GlobalRole.ANALYST)
    assert world.jam.id is not None
    job = await request_analysis(world.rt, analyst, world.jam.id, JobKind.CONNECTORS)
    assert job.status == JobStatus.QUEUED.value
    assert await connector_analysis_for(world.rt, analyst, world.jam.id) is None
    assert await Worker(world.rt).run_queued_jobs() == 1
    view = await connector_analysis_for(world.rt, analyst, world.jam.id)
    assert view is not None and view.reason == "requested"


async def test_participants_can_neither_read_nor_run_analyses(world: World) -> None:
    assert world.jam.id is not None
    await analyse_connectors(world.rt, world.jam.id, reason="test")
    with pytest.raises(ActionError) as caught:
        await connector_analysis_for(world.rt, world.participant, world.jam.id)
    assert caught.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(ActionError) as caught:
        await request_analysis(world.rt, world.participant, world.jam.id, JobKind.CONNECTORS)
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_guests_cannot_read_analyses(world: World) -> None:
    guest = await world.user(kind=AccountKind.GUEST, join=True)
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await connector_analysis_for(world.rt, guest, world.jam.id)
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_a_jam_without_interactions_gives_an_empty_analysis(world: World) -> None:
    assert world.jam.id is not None
    await analyse_connectors(world.rt, world.jam.id, reason="test")
    view = await connector_analysis_for(world.rt, world.admin, world.jam.id)
    assert view is not None and view.result["teams"] == []
    assert view.result["people"] == 2  # the members: the moderator and the participant


async def test_no_analysis_yet_is_none(world: World) -> None:
    assert world.jam.id is not None
    assert await connector_analysis_for(world.rt, world.admin, world.jam.id) is None


async def test_themes_get_suggested_teams(world: World) -> None:
    await seed_ideas(world, per_topic=6)
    await two_camps_and_a_bridge(world)
    assert world.jam.id is not None
    await ThemeRefresher(world.rt, RefreshPolicy(min_ideas=5)).refresh_jam(world.jam.id)
    await analyse_connectors(world.rt, world.jam.id, reason="test")
    view = await connector_analysis_for(world.rt, world.admin, world.jam.id)
    assert view is not None and view.result["teams"]
    team = view.result["teams"][0]
    assert team["theme_label"] and team["members"]
    assert all(m["reason"] for m in team["members"])


async def test_a_closed_jam_is_analysed_in_the_background(world: World) -> None:
    await seed_ideas(world, per_topic=3)
    assert world.jam.id is not None
    await actions.update_jam(world.rt, world.moderator, world.jam.id, close=True)
    refresher = ThemeRefresher(world.rt, RefreshPolicy(min_ideas=5))
    await refresher.tick()
    import asyncio

    await asyncio.gather(*refresher._tasks)
    view = await connector_analysis_for(world.rt, world.admin, world.jam.id)
    assert view is not None and view.reason == "jam closed"
