"""Themes inside a jam: refits, placing new ideas at once, moderators' edits that survive refits."""

import json
import random

import pytest
from sqlmodel import col, func, select

from jam import actions
from jam.actions import themes as theme_actions
from jam.actions.jobs import JobKind, JobStatus, request_analysis
from jam.analysis.themes import PlacerCache
from jam.errors import ActionError, ErrorCode
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.jobs.worker import Worker
from jam.models import GlobalRole, IdeaTheme, Job, ThemeSnapshot
from jam.queries.similar import similar_ideas
from jam.queries.themes import map_points, theme_ideas, theme_snapshot_for
from tests.conftest import World

TOPICS = {
    "bikes": ["bike", "lanes", "cycling", "helmet", "bicycle", "commute", "pedal", "parking"],
    "solar": ["solar", "panels", "energy", "battery", "roof", "power", "grid", "heating"],
    "food": ["canteen", "lunch", "menu", "vegetarian", "salad", "kitchen", "meal", "coffee"],
}
FILLER = ["idea", "proposal", "improve", "better", "team", "office"]


def idea_about(topic: str, rng: random.Random) -> tuple[str, str]:
    words = rng.sample(TOPICS[topic], 5) + rng.sample(FILLER, 2)
    rng.shuffle(words)
    return " ".join(words[:3]).capitalize(), " ".join(words[3:])


async def seed_ideas(world: World, per_topic: int, seed: int = 0) -> dict[int, str]:
    """Ideas about known topics; returns idea id -> topic."""
    rng = random.Random(seed)
    topic_of: dict[int, str] = {}
    for i in range(per_topic * len(TOPICS)):
        topic = list(TOPICS)[i % len(TOPICS)]
        title, body = idea_about(topic, rng)
        topic_of[await world.idea(title=title, body=body)] = topic
    return topic_of


async def _theme_of(world: World, snapshot_id: int) -> dict[int, int | None]:
    async with world.rt.db.read() as session:
        rows = await session.execute(
            select(IdeaTheme.idea_id, IdeaTheme.theme_id).where(
                IdeaTheme.snapshot_id == snapshot_id
            )
        )
        return dict(rows.all())


def _purity(theme_of: dict[int, int | None], topic_of: dict[int, str]) -> float:
    """Share of themed ideas whose theme's majority topic is their own."""
    by_theme: dict[int, list[str]] = {}
    for idea_id, theme_id in theme_of.items():
        if theme_id is not None and idea_id in topic_of:
            by_theme.setdefault(theme_id, []).append(topic_of[idea_id])
    agree = sum(max(topics.count(t) for t in set(topics)) for topics in by_theme.values())
    return agree / max(1, sum(len(t) for t in by_theme.values()))


@pytest.fixture
def refresher(world: World) -> ThemeRefresher:
    return ThemeRefresher(world.rt, RefreshPolicy(min_ideas=5))


async def test_a_refit_finds_the_planted_themes(world: World, refresher: ThemeRefresher) -> None:
    topic_of = await seed_ideas(world, per_topic=12)
    assert world.jam.id is not None
    snapshot = await refresher.refresh_jam(world.jam.id)
    assert snapshot is not None and snapshot.version == 1
    themes = json.loads(snapshot.themes)
    assert len(themes) == 3
    assert all(t["label"] and t["keywords"] and t["representative"] for t in themes)
    assert _purity(await _theme_of(world, snapshot.id or 0), topic_of) >= 0.9


async def test_forums_get_their_own_themes(world: World, refresher: ThemeRefresher) -> None:
    await seed_ideas(world, per_topic=6)
    assert world.jam.id is not None and world.forum.id is not None
    await refresher.refresh_jam(world.jam.id)
    view = await theme_snapshot_for(world.rt, world.participant, world.jam.id, world.forum.id)
    assert view is not None and view.snapshot.forum_id == world.forum.id


async def test_too_few_ideas_give_no_themes_yet(world: World, refresher: ThemeRefresher) -> None:
    await world.idea(title="Lonely idea", body="Nobody else posted")
    assert world.jam.id is not None
    assert await refresher.refresh_jam(world.jam.id) is None
    assert await theme_snapshot_for(world.rt, world.participant, world.jam.id) is None


async def test_every_idea_has_a_map_point(world: World, refresher: ThemeRefresher) -> None:
    topic_of = await seed_ideas(world, per_topic=6)
    assert world.jam.id is not None
    await refresher.refresh_jam(world.jam.id)
    view = await theme_snapshot_for(world.rt, world.participant, world.jam.id)
    assert view is not None
    points, more = await map_points(world.rt, view, first=1000)
    assert {p.idea_id for p in points} == set(topic_of) and not more


async def test_a_new_idea_is_placed_into_its_theme_at_once(
    world: World, refresher: ThemeRefresher
) -> None:
    topic_of = await seed_ideas(world, per_topic=10)
    assert world.jam.id is not None
    snapshot = await refresher.refresh_jam(world.jam.id)
    assert snapshot is not None and snapshot.id is not None
    theme_of = await _theme_of(world, snapshot.id)
    solar_theme = next(theme_of[i] for i, t in topic_of.items() if t == "solar" and theme_of[i])
    new_id = await world.idea(title="Solar panels on the roof", body="battery for grid power")
    placed = await theme_actions.place_idea(world.rt, new_id, PlacerCache())
    assert placed[0] == solar_theme
    assert (await _theme_of(world, snapshot.id))[new_id] == solar_theme


async def test_a_refit_keeps_theme_ids(world: World, refresher: ThemeRefresher) -> None:
    topic_of = await seed_ideas(world, per_topic=10)
    assert world.jam.id is not None
    first = await refresher.refresh_jam(world.jam.id)
    topic_of.update(await seed_ideas(world, per_topic=3, seed=1))
    second = await refresher.refresh_jam(world.jam.id)
    assert first is not None and second is not None and second.version == 2

    def ids_by_topic(theme_of: dict[int, int | None]) -> dict[str, int | None]:
        return {
            topic: max(
                {theme_of.get(i) for i, t in topic_of.items() if t == topic} - {None},
                key=lambda th: sum(1 for i in theme_of if theme_of[i] == th),
            )
            for topic in TOPICS
        }

    assert ids_by_topic(await _theme_of(world, first.id or 0)) == ids_by_topic(
        await _theme_of(world, second.id or 0)
    )


async def test_a_rename_survives_a_refit(world: World, refresher: ThemeRefresher) -> None:
    await seed_ideas(world, per_topic=10)
    assert world.jam.id is not None
    snapshot = await refresher.refresh_jam(world.jam.id)
    assert snapshot is not None
    theme_id = json.loads(snapshot.themes)[0]["id"]
    renamed = await theme_actions.rename_theme(
        world.rt, world.moderator, world.jam.id, theme_id, "Greener campus"
    )
    assert {t["id"]: t["label"] for t in json.loads(renamed.themes)}[theme_id] == "Greener campus"
    await seed_ideas(world, per_topic=2, seed=3)
    refit = await refresher.refresh_jam(world.jam.id)
    assert refit is not None
    shown = {t["id"]: t for t in json.loads(refit.themes)}
    assert shown[theme_id]["label"] == "Greener campus" and shown[theme_id]["edited"]


async def test_a_merge_survives_a_refit(world: World, refresher: ThemeRefresher) -> None:
    await seed_ideas(world, per_topic=10)
    assert world.jam.id is not None
    snapshot = await refresher.refresh_jam(world.jam.id)
    assert snapshot is not None
    keep, gone = (t["id"] for t in json.loads(snapshot.themes)[:2])
    merged = await theme_actions.merge_themes(world.rt, world.moderator, world.jam.id, keep, gone)
    assert [t["id"] for t in json.loads(merged.themes)].count(gone) == 0
    assert gone not in set((await _theme_of(world, merged.id or 0)).values())
    await seed_ideas(world, per_topic=2, seed=4)
    refit = await refresher.refresh_jam(world.jam.id)
    assert refit is not None
    assert len(json.loads(refit.themes)) == 2
    assert gone not in set((await _theme_of(world, refit.id or 0)).values())


async def test_a_split_gives_a_lasting_new_theme(world: World, refresher: ThemeRefresher) -> None:
    await seed_ideas(world, per_topic=12)
    assert world.jam.id is not None
    snapshot = await refresher.refresh_jam(world.jam.id)
    assert snapshot is not None
    keep, gone = (t["id"] for t in json.loads(snapshot.themes)[:2])
    # A theme that really holds two topics: the merge of two planted ones.
    await theme_actions.merge_themes(world.rt, world.moderator, world.jam.id, keep, gone)
    split = await theme_actions.split_theme(world.rt, world.moderator, world.jam.id, keep)
    shown = {t["id"]: t for t in json.loads(split.themes)}
    (new_id,) = set(shown) - {t["id"] for t in json.loads(snapshot.themes)}
    assert shown[new_id]["size"] >= 8 and shown[keep]["size"] >= 8
    await seed_ideas(world, per_topic=2, seed=5)
    refit = await refresher.refresh_jam(world.jam.id)
    assert refit is not None
    assert new_id in {t["id"] for t in json.loads(refit.themes)}


async def test_participants_cannot_edit_themes(world: World, refresher: ThemeRefresher) -> None:
    await seed_ideas(world, per_topic=5)
    assert world.jam.id is not None
    snapshot = await refresher.refresh_jam(world.jam.id)
    assert snapshot is not None
    theme_id = json.loads(snapshot.themes)[0]["id"]
    with pytest.raises(ActionError) as caught:
        await theme_actions.rename_theme(world.rt, world.participant, world.jam.id, theme_id, "x")
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_editing_an_unknown_theme_is_not_found(
    world: World, refresher: ThemeRefresher
) -> None:
    await seed_ideas(world, per_topic=5)
    assert world.jam.id is not None
    await refresher.refresh_jam(world.jam.id)
    with pytest.raises(ActionError) as caught:
        await theme_actions.merge_themes(world.rt, world.moderator, world.jam.id, 1, 999)
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "otherThemeId")


async def test_analysts_and_moderators_request_a_refit_participants_cannot(
    world: World,
) -> None:
    await seed_ideas(world, per_topic=5)
    assert world.jam.id is not None
    analyst = await world.user(role=GlobalRole.ANALYST)
    job = await request_analysis(world.rt, analyst, world.jam.id, JobKind.THEMES)
    again = await request_analysis(world.rt, world.moderator, world.jam.id, JobKind.THEMES)
    assert again.id == job.id  # a job still waiting is not queued twice
    with pytest.raises(ActionError) as caught:
        await request_analysis(world.rt, world.participant, world.jam.id, JobKind.THEMES)
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert await Worker(world.rt).run_queued_jobs() == 1
    view = await theme_snapshot_for(world.rt, analyst, world.jam.id)
    assert view is not None and view.snapshot.reason == "requested"
    async with world.rt.db.read() as session:
        done = await session.get(Job, job.id)
    assert done is not None and done.status == JobStatus.DONE.value
    assert done.result_id == view.snapshot.id


async def test_hidden_ideas_stay_out_of_fits_and_member_lists(
    world: World, refresher: ThemeRefresher
) -> None:
    topic_of = await seed_ideas(world, per_topic=6)
    hidden = next(iter(topic_of))
    await actions.set_idea_hidden(world.rt, world.moderator, hidden, hidden=True)
    assert world.jam.id is not None
    snapshot = await refresher.refresh_jam(world.jam.id)
    assert snapshot is not None and snapshot.id is not None
    assert hidden not in await _theme_of(world, snapshot.id)
    assert snapshot.idea_count == len(topic_of) - 1


async def test_theme_member_pages_cover_the_theme(world: World, refresher: ThemeRefresher) -> None:
    await seed_ideas(world, per_topic=8)
    assert world.jam.id is not None
    await refresher.refresh_jam(world.jam.id)
    view = await theme_snapshot_for(world.rt, world.participant, world.jam.id)
    assert view is not None
    theme = json.loads(view.snapshot.themes)[0]
    seen: list[int] = []
    after = None
    while True:
        page = await theme_ideas(world.rt, view, theme["id"], first=3, after=after)
        seen += [i.id for i in page.ideas if i.id is not None]
        if not page.has_next_page:
            break
        after = str(seen[-1])
    assert len(seen) == len(set(seen)) == theme["size"] == page.total_count


async def test_old_snapshots_are_pruned(world: World, refresher: ThemeRefresher) -> None:
    await seed_ideas(world, per_topic=4)
    assert world.jam.id is not None
    for _ in range(theme_actions.KEEP_SNAPSHOTS + 2):
        await refresher.refresh(world.jam.id)
    async with world.rt.db.read() as session:
        count = (
            await session.execute(
                select(func.count())
                .select_from(ThemeSnapshot)
                .where(col(ThemeSnapshot.forum_id).is_(None))
            )
        ).scalar_one()
    assert count == theme_actions.KEEP_SNAPSHOTS


async def test_the_worker_refits_after_enough_new_ideas(world: World) -> None:
    import asyncio

    worker = Worker(
        world.rt, policy=RefreshPolicy(min_ideas=5, min_new_ideas=6, tick_seconds=0.05)
    )
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.wait_for(worker.active.wait(), 10)
        await seed_ideas(world, per_topic=3)
        assert world.jam.id is not None
        for _ in range(200):
            if await theme_snapshot_for(world.rt, world.participant, world.jam.id):
                break
            await asyncio.sleep(0.05)
        view = await theme_snapshot_for(world.rt, world.participant, world.jam.id)
        assert view is not None and view.snapshot.reason == "new ideas"
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)


async def test_similar_ideas_finds_a_near_duplicate_first(world: World) -> None:
    await seed_ideas(world, per_topic=5)
    original = await world.idea(title="Covered bike parking", body="with helmet lockers")
    found = await similar_ideas(
        world.rt, world.participant, world.jam.id or 0, "bike parking covered, helmet lockers"
    )
    assert found[0].idea.id == original and 0 < found[0].score <= 1


async def test_similar_ideas_leaves_out_hidden_ones_for_participants(world: World) -> None:
    hidden = await world.idea(title="Covered bike parking", body="with helmet lockers")
    await actions.set_idea_hidden(world.rt, world.moderator, hidden, hidden=True)
    found = await similar_ideas(
        world.rt, world.participant, world.jam.id or 0, "covered bike parking"
    )
    assert hidden not in [f.idea.id for f in found]


async def test_similar_ideas_of_a_made_up_jam_is_not_found_and_caches_nothing(
    world: World,
) -> None:
    from jam.queries.similar import _cache_for

    with pytest.raises(ActionError) as caught:
        await similar_ideas(world.rt, world.participant, 987_654, "bike parking")
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "jamId")
    assert 987_654 not in _cache_for(world.rt).jams
