"""Browsing over HTTP: sorting, filters, search, cursor pagination, viewer's vote."""

from typing import Any

from jam import actions
from tests.api.conftest import Api
from tests.api.operations import IDEA_PAGE


async def _page(api: Api, client: Any = None, **variables: Any) -> dict[str, Any]:
    values = {"slug": api.world.jam.slug, "first": 20, "sort": "NEW", **variables}
    data = await (client or api.participant).ok(IDEA_PAGE, values)
    ideas: dict[str, Any] = data["jam"]["ideas"]
    return ideas


async def test_pages_follow_cursors_to_the_end(api: Api) -> None:
    for i in range(5):
        await api.world.idea(title=f"idea {i}")
    seen: list[str] = []
    after = None
    while True:
        page = await _page(api, first=2, after=after)
        seen += [edge["node"]["title"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"idea {i}" for i in reversed(range(5))]


async def test_an_empty_jam_has_an_empty_connection(api: Api) -> None:
    page = await _page(api)
    assert page == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }


async def test_top_sort_tag_filter_and_search(api: Api) -> None:
    liked = await api.world.idea(title="Solar roofs", tags=["energy"])
    await api.world.idea(title="Bike scheme", tags=["transport"])
    await actions.vote(api.world.rt, api.world.moderator, liked, actions.VoteValue.UP)
    top = await _page(api, sort="TOP")
    assert [e["node"]["title"] for e in top["edges"]] == ["Solar roofs", "Bike scheme"]
    tagged = await _page(api, tag="transport")
    assert [e["node"]["title"] for e in tagged["edges"]] == ["Bike scheme"]
    found = await _page(api, search="SOLAR")
    assert [e["node"]["title"] for e in found["edges"]] == ["Solar roofs"]


async def test_the_viewers_own_vote_is_shown(api: Api) -> None:
    idea_id = await api.world.idea()
    await actions.vote(api.world.rt, api.world.moderator, idea_id, actions.VoteValue.DOWN)
    mine = await _page(api, client=api.moderator)
    theirs = await _page(api)
    assert mine["edges"][0]["node"]["viewerVote"] == "DOWN"
    assert theirs["edges"][0]["node"]["viewerVote"] is None


async def test_a_bad_cursor_is_a_top_level_bad_input_error(api: Api) -> None:
    body = await api.participant(
        IDEA_PAGE, {"slug": api.world.jam.slug, "first": 5, "sort": "NEW", "after": "%%%"}
    )
    error = body["errors"][0]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "after"}


async def test_a_jam_shows_its_phase_forums_and_the_viewers_role(api: Api) -> None:
    data = await api.participant.ok(
        """query($s: String!) { jam(slug: $s) {
             phase viewerRole viewerCanModerate forums { title question ideaCount } } }""",
        {"s": api.world.jam.slug},
    )
    jam = data["jam"]
    assert (jam["phase"], jam["viewerRole"], jam["viewerCanModerate"]) == (
        "LIVE",
        "PARTICIPANT",
        False,
    )
    assert [f["title"] for f in jam["forums"]] == ["Future of work", "Green ideas"]


async def test_an_unknown_jam_is_null(api: Api) -> None:
    data = await api.participant.ok('{ jam(slug: "no-such-jam") { id } }')
    assert data["jam"] is None
