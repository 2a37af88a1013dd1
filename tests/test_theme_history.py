"""Themes over time for the strategy team: every version's sizes (jam.queries.themes
theme_history) and each theme's ideas per day with the emerging ones (theme_trends)."""

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, update

from jam.errors import ActionError
from jam.jobs.themes import RefreshPolicy, ThemeRefresher
from jam.models import AccountKind, Idea
from jam.queries.themes import theme_history, theme_snapshot_for, theme_trends
from jam.timeutil import utcnow
from tests.conftest import World
from tests.test_themes_in_jam import seed_ideas


@pytest.fixture
def refresher(world: World) -> ThemeRefresher:
    return ThemeRefresher(world.rt, RefreshPolicy(min_ideas=5))


async def test_the_history_lists_every_version_newest_first_with_sizes(
    world: World, refresher: ThemeRefresher
) -> None:
    assert world.jam.id is not None
    await seed_ideas(world, per_topic=6)
    await refresher.refresh_jam(world.jam.id)
    await seed_ideas(world, per_topic=3, seed=1)
    await refresher.refresh_jam(world.jam.id)
    history = await theme_history(world.rt, world.participant, world.jam.id)
    assert [h.version for h in history] == [2, 1]
    assert [h.idea_count for h in history] == [27, 18]
    assert sum(s.size for s in history[1].sizes) <= 18
    assert sum(s.size for s in history[0].sizes) > sum(s.size for s in history[1].sizes)


async def test_the_history_of_a_jam_a_guest_may_not_see_is_empty(
    world: World, refresher: ThemeRefresher
) -> None:
    assert world.jam.id is not None
    await seed_ideas(world, per_topic=6)
    await refresher.refresh_jam(world.jam.id)
    guest = await world.user(kind=AccountKind.GUEST)
    assert await theme_history(world.rt, guest, world.jam.id) == []


async def test_a_history_longer_than_allowed_is_refused(world: World) -> None:
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await theme_history(world.rt, world.participant, world.jam.id, first=10_000)
    assert caught.value.field == "first"


async def test_trends_count_each_themes_ideas_per_day(
    world: World, refresher: ThemeRefresher
) -> None:
    assert world.jam.id is not None
    await seed_ideas(world, per_topic=6)
    await refresher.refresh_jam(world.jam.id)
    view = await theme_snapshot_for(world.rt, world.participant, world.jam.id)
    assert view is not None
    trends = await theme_trends(world.rt, view, days=7)
    assert trends and all(len(t.points) == 7 for t in trends)
    assert sum(t.points[-1][1] for t in trends) == 18  # all posted today
    assert all(n == 0 for t in trends for _, n in t.points[:-1])


async def test_a_theme_whose_ideas_are_all_new_is_emerging(
    world: World, refresher: ThemeRefresher
) -> None:
    assert world.jam.id is not None
    topic_of = await seed_ideas(world, per_topic=6)
    # Everything but the bike ideas was posted three days ago.
    older = [i for i, topic in topic_of.items() if topic != "bikes"]

    async def backdate(session: AsyncSession) -> None:
        await session.execute(
            update(Idea)
            .where(col(Idea.id).in_(older))
            .values(created_at=utcnow() - timedelta(days=3))
        )

    await world.rt.db.write(backdate)
    await refresher.refresh_jam(world.jam.id)
    view = await theme_snapshot_for(world.rt, world.participant, world.jam.id)
    assert view is not None
    trends = {t.theme_id: t for t in await theme_trends(world.rt, view)}
    bike_themes = {
        theme for theme, trend in trends.items() if trend.points[-1][1] > 0
    }
    assert bike_themes and all(trends[t].emerging for t in bike_themes)
    assert not any(trend.emerging for t, trend in trends.items() if t not in bike_themes)


async def test_trends_over_too_many_days_are_refused(
    world: World, refresher: ThemeRefresher
) -> None:
    assert world.jam.id is not None
    await seed_ideas(world, per_topic=6)
    await refresher.refresh_jam(world.jam.id)
    view = await theme_snapshot_for(world.rt, world.participant, world.jam.id)
    assert view is not None
    with pytest.raises(ActionError) as caught:
        await theme_trends(world.rt, view, days=365)
    assert caught.value.field == "days"
