"""Browsing: sort new/top/hot, tag filter, text search, cursor pagination, visibility."""

from datetime import timedelta

import pytest

from jam import actions
from jam.errors import ActionError, ErrorCode
from jam.queries.ideas import IdeaFilter, IdeaSort, list_ideas
from tests.conftest import World


async def _titles(world: World, **spec: object) -> list[str]:
    assert world.jam.id is not None
    page = await list_ideas(world.rt, world.participant, IdeaFilter(jam_id=world.jam.id, **spec))  # type: ignore[arg-type]
    return [idea.title for idea in page.ideas]


async def test_new_lists_the_latest_first(world: World) -> None:
    start = world.jam.starts_at
    for i, title in enumerate(["first", "second", "third"]):
        await world.idea(title=title, now=start + timedelta(minutes=i))
    assert await _titles(world) == ["third", "second", "first"]


async def test_top_ranks_by_the_wilson_lower_bound(world: World) -> None:
    few = await world.idea(title="two of two")
    many = await world.idea(title="nine of ten")
    await world.idea(title="no votes")
    voters = [await world.user(join=True) for _ in range(10)]
    for voter in voters[:2]:
        await actions.vote(world.rt, voter, few, actions.VoteValue.UP)
    for i, voter in enumerate(voters):
        value = actions.VoteValue.UP if i < 9 else actions.VoteValue.DOWN
        await actions.vote(world.rt, voter, many, value)
    assert await _titles(world, sort=IdeaSort.TOP) == ["nine of ten", "two of two", "no votes"]


async def test_hot_prefers_a_newer_idea_with_the_same_score(world: World) -> None:
    start = world.jam.starts_at
    old = await world.idea(title="old", now=start)
    new = await world.idea(title="new", now=start + timedelta(hours=12))
    for idea_id in (old, new):
        await actions.vote(world.rt, world.moderator, idea_id, actions.VoteValue.UP)
    assert await _titles(world, sort=IdeaSort.HOT) == ["new", "old"]


async def test_hot_lets_many_votes_outweigh_some_age(world: World) -> None:
    start = world.jam.starts_at
    popular = await world.idea(title="popular older", now=start)
    await world.idea(title="newer", now=start + timedelta(hours=2))
    for voter in [await world.user(join=True) for _ in range(12)]:
        await actions.vote(world.rt, voter, popular, actions.VoteValue.UP)
    assert (await _titles(world, sort=IdeaSort.HOT))[0] == "popular older"


async def test_tag_filter_keeps_only_tagged_ideas(world: World) -> None:
    await world.idea(title="tagged", tags=["Remote"])
    await world.idea(title="untagged")
    assert await _titles(world, tag="remote") == ["tagged"]


async def test_text_search_matches_title_or_body_case_insensitively(world: World) -> None:
    await world.idea(title="Solar roofs", body="Panels on every site")
    await world.idea(title="Bike scheme", body="Cheaper SOLAR-powered e-bikes")
    await world.idea(title="Canteen", body="Less meat")
    assert sorted(await _titles(world, search="solar")) == ["Bike scheme", "Solar roofs"]


async def test_wildcards_and_search_syntax_in_a_search_are_inert(world: World) -> None:
    await world.idea(title="100% renewable")
    await world.idea(title="Wind power")
    assert await _titles(world, search="%") == []  # not a wildcard: nothing to look for
    assert await _titles(world, search='"100%" OR * NEAR(') == []  # words, not operators
    assert await _titles(world, search="100%") == ["100% renewable"]


async def test_forum_filter(world: World) -> None:
    await world.idea(title="here")
    assert world.other_forum.id is not None
    await actions.post_idea(
        world.rt, world.participant, world.other_forum.id, title="there", body="b"
    )
    assert await _titles(world, forum_id=world.other_forum.id) == ["there"]


@pytest.mark.parametrize("sort", list(IdeaSort))
async def test_cursor_pages_cover_every_idea_once(world: World, sort: IdeaSort) -> None:
    for i in range(7):
        await world.idea(title=f"idea {i}")
    assert world.jam.id is not None
    seen: list[int] = []
    after = None
    while True:
        page = await list_ideas(
            world.rt,
            world.participant,
            IdeaFilter(
                jam_id=world.jam.id,
                sort=sort,
                first=3,
                after=after,
                # Relevance ranks a search's results; every idea here matches "idea".
                search="idea" if sort is IdeaSort.RELEVANCE else None,
            ),
        )
        seen += [idea.id for idea in page.ideas if idea.id is not None]
        assert page.total_count == 7
        if not page.has_next_page:
            break
        after = page.cursors[-1]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 7


async def test_an_empty_jam_gives_an_empty_page(world: World) -> None:
    assert world.jam.id is not None
    page = await list_ideas(world.rt, world.participant, IdeaFilter(jam_id=world.jam.id))
    assert (page.ideas, page.total_count, page.has_next_page) == ([], 0, False)


async def test_a_malformed_cursor_is_invalid_input(world: World) -> None:
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await list_ideas(
            world.rt, world.participant, IdeaFilter(jam_id=world.jam.id, after="garbage!")
        )
    assert (caught.value.code, caught.value.field) == (ErrorCode.INVALID_INPUT, "after")


async def test_a_cursor_from_another_sort_is_refused(world: World) -> None:
    await world.idea()
    await world.idea()
    assert world.jam.id is not None
    page = await list_ideas(world.rt, world.participant, IdeaFilter(jam_id=world.jam.id, first=1))
    with pytest.raises(ActionError):
        await list_ideas(
            world.rt,
            world.participant,
            IdeaFilter(jam_id=world.jam.id, sort=IdeaSort.TOP, after=page.cursors[0]),
        )


async def test_page_size_is_bounded(world: World) -> None:
    assert world.jam.id is not None
    with pytest.raises(ActionError) as caught:
        await list_ideas(world.rt, world.participant, IdeaFilter(jam_id=world.jam.id, first=101))
    assert caught.value.field == "first"


async def test_hidden_ideas_are_left_out_for_participants_and_marked_for_moderators(
    world: World,
) -> None:
    await world.idea(title="visible")
    hidden = await world.idea(title="hidden")
    await actions.set_idea_hidden(world.rt, world.moderator, hidden, hidden=True)
    assert world.jam.id is not None
    spec = IdeaFilter(jam_id=world.jam.id)
    participant_view = await list_ideas(world.rt, world.participant, spec)
    moderator_view = await list_ideas(world.rt, world.moderator, spec)
    assert [i.title for i in participant_view.ideas] == ["visible"]
    assert participant_view.total_count == 1
    assert {(i.title, i.hidden) for i in moderator_view.ideas} == {
        ("visible", False),
        ("hidden", True),
    }
