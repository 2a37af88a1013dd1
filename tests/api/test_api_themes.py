"""Themes and similar ideas over HTTP."""

import asyncio
from typing import Any

import pytest

from jam.jobs.worker import Worker
from tests.api.conftest import Api
from tests.server import GraphQLClient
from tests.test_themes_in_jam import seed_ideas

THEMES = """query($s: String!) { jam(slug: $s) { themes {
  id version reason ideaCount fittedAt
  themes { id label size edited keywords { term weight }
           representativeIdeas { id title }
           ideas(first: 2) { totalCount pageInfo { hasNextPage } } }
  map(first: 500) { points { ideaId themeId x y } hasNextPage }
} } }"""

RECOMPUTE = """mutation($input: RecomputeThemesInput!) {
  recomputeThemes(input: $input) { job { id kind status } errors { code field message } }
}"""

JOB = """query($id: ID!) { job(id: $id) { status kind reason error finishedAt } }"""

RENAME = """mutation($input: RenameThemeInput!) {
  renameTheme(input: $input) { snapshot { themes { id label edited } } errors { code field } }
}"""

MERGE = """mutation($input: MergeThemesInput!) {
  mergeThemes(input: $input) { snapshot { themes { id } } errors { code field } }
}"""

SIMILAR = """query($jam: ID!, $text: String!) {
  similarIdeas(jamId: $jam, text: $text, first: 3) { score idea { id title } }
}"""


async def _recompute(api: Api) -> dict[str, Any]:
    """Ask for a refit, let the worker do it, and read the new themes."""
    data = await api.moderator.ok(RECOMPUTE, {"input": {"jamId": api.jam_id}})
    payload: dict[str, Any] = data["recomputeThemes"]
    if payload["errors"]:
        return payload
    assert payload["job"]["status"] == "QUEUED" and payload["job"]["kind"] == "THEMES"
    await Worker(api.world.rt).run_queued_jobs()
    job = (await api.moderator.ok(JOB, {"id": payload["job"]["id"]}))["job"]
    assert job["status"] == "DONE" and job["finishedAt"], job
    themes = (await api.moderator.ok(THEMES, {"s": api.world.jam.slug}))["jam"]["themes"]
    return {"errors": [], "snapshot": themes}


HISTORY = """query($s: String!) { jam(slug: $s) {
  themeHistory(first: 5) { version ideaCount sizes { themeId label size } }
  themes { themeTrends(days: 3) { themeId emerging points { day ideas } } }
} }"""


async def test_the_history_and_the_trends_follow_the_refits(api: Api) -> None:
    await seed_ideas(api.world, per_topic=8)
    await _recompute(api)
    await seed_ideas(api.world, per_topic=2, seed=1)
    await _recompute(api)
    data = (await api.participant.ok(HISTORY, {"s": api.world.jam.slug}))["jam"]
    assert [h["version"] for h in data["themeHistory"]] == [2, 1]
    assert [h["ideaCount"] for h in data["themeHistory"]] == [30, 24]
    assert all(s["label"] for h in data["themeHistory"] for s in h["sizes"])
    trends = data["themes"]["themeTrends"]
    assert trends and all(len(t["points"]) == 3 for t in trends)
    assert sum(t["points"][-1]["ideas"] for t in trends) <= 30


async def test_a_bad_trend_window_is_a_top_level_error_with_its_code(api: Api) -> None:
    await seed_ideas(api.world, per_topic=8)
    await _recompute(api)
    body = await api.participant(
        """query($s: String!) { jam(slug: $s) { themes { themeTrends(days: 0) { themeId } } } }""",
        {"s": api.world.jam.slug},
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_a_jam_without_a_fit_has_no_themes(api: Api) -> None:
    data = await api.participant.ok(THEMES, {"s": api.world.jam.slug})
    assert data["jam"]["themes"] is None


async def test_moderators_recompute_and_everyone_reads_the_themes(api: Api) -> None:
    topic_of = await seed_ideas(api.world, per_topic=8)
    payload = await _recompute(api)
    assert payload["errors"] == [] and len(payload["snapshot"]["themes"]) == 3
    data = await api.participant.ok(THEMES, {"s": api.world.jam.slug})
    snapshot = data["jam"]["themes"]
    assert (snapshot["version"], snapshot["reason"], snapshot["ideaCount"]) == (
        1,
        "requested",
        len(topic_of),
    )
    theme = snapshot["themes"][0]
    assert theme["label"] and theme["keywords"][0]["weight"] > 0
    assert theme["representativeIdeas"] and theme["ideas"]["totalCount"] == theme["size"]
    assert len(snapshot["map"]["points"]) == len(topic_of)


async def test_participants_cannot_recompute(api: Api) -> None:
    data = await api.participant.ok(RECOMPUTE, {"input": {"jamId": api.jam_id}})
    assert data["recomputeThemes"]["errors"][0]["code"] == "FORBIDDEN"


async def test_rename_over_http(api: Api) -> None:
    await seed_ideas(api.world, per_topic=6)
    theme_id = (await _recompute(api))["snapshot"]["themes"][0]["id"]
    data = await api.moderator.ok(
        RENAME, {"input": {"jamId": api.jam_id, "themeId": theme_id, "label": "Our canteen"}}
    )
    labels = {t["id"]: (t["label"], t["edited"]) for t in data["renameTheme"]["snapshot"]["themes"]}
    assert labels[theme_id] == ("Our canteen", True)


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"label": ""}, "INVALID_INPUT", "label"),
        ({"themeId": 4242}, "NOT_FOUND", "themeId"),
        ({"jamId": "nope"}, "INVALID_INPUT", "jamId"),
    ],
)
async def test_bad_rename_input(api: Api, change: dict[str, Any], code: str, field: str) -> None:
    await seed_ideas(api.world, per_topic=5)
    theme_id = (await _recompute(api))["snapshot"]["themes"][0]["id"]
    values = {"jamId": api.jam_id, "themeId": theme_id, "label": "Fine", **change}
    data = await api.moderator.ok(RENAME, {"input": values})
    assert [(e["code"], e["field"]) for e in data["renameTheme"]["errors"]] == [(code, field)]


async def test_merging_a_theme_into_itself_is_invalid(api: Api) -> None:
    await seed_ideas(api.world, per_topic=5)
    theme_id = (await _recompute(api))["snapshot"]["themes"][0]["id"]
    data = await api.moderator.ok(
        MERGE, {"input": {"jamId": api.jam_id, "themeId": theme_id, "otherThemeId": theme_id}}
    )
    assert data["mergeThemes"]["errors"] == [{"code": "INVALID_INPUT", "field": "otherThemeId"}]


async def test_similar_ideas_over_http(api: Api) -> None:
    await seed_ideas(api.world, per_topic=4)
    original = await api.world.idea(title="Covered bike parking", body="with helmet lockers")
    data = await api.participant.ok(
        SIMILAR, {"jam": api.jam_id, "text": "covered parking for bikes and helmets"}
    )
    assert data["similarIdeas"][0]["idea"]["id"] == str(original)


async def test_similar_ideas_with_an_empty_draft_is_bad_input(api: Api) -> None:
    body = await api.participant(SIMILAR, {"jam": api.jam_id, "text": ""})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_a_live_server_fits_themes_in_the_background(rt: Any) -> None:
    """Ideas posted over HTTP reach the server's refresher, which fits in a worker process."""
    import asyncio

    from jam.app import create_app
    from jam.config import Settings
    from tests.api.conftest import LOGIN
    from tests.conftest import build_world
    from tests.server import GraphQLClient, running_server
    from tests.test_themes_in_jam import TOPICS, idea_about

    world = await build_world(rt)
    from jam.jobs.themes import RefreshPolicy
    from jam.runtime import Runtime

    worker = Worker(
        Runtime.from_settings(Settings(database_url=rt.settings.database_url)),
        policy=RefreshPolicy(min_ideas=5, min_new_ideas=10, tick_seconds=0.2),
    )
    app = create_app(Settings(database_url=rt.settings.database_url), worker=worker)
    with running_server(rt.settings.database_url, app) as url:
        client = GraphQLClient(url)
        from jam.models import User

        async with rt.db.read() as session:
            user = await session.get(User, world.participant.user_id)
        assert user is not None
        token = (
            await client.ok(LOGIN, {"email": user.email, "password": "correct horse battery"})
        )["login"]["token"]
        me = client.as_user(token)
        import random

        rng = random.Random(7)
        for i in range(12):
            title, body = idea_about(list(TOPICS)[i % 3], rng)
            posted = await me.ok(
                "mutation($i: PostIdeaInput!) { postIdea(input: $i) { errors { code } } }",
                {"i": {"forumId": str(world.forum.id), "title": title, "body": body}},
            )
            assert posted["postIdea"]["errors"] == []
        snapshot = None
        for _ in range(300):
            data = await me.ok(THEMES, {"s": world.jam.slug})
            snapshot = data["jam"]["themes"]
            if snapshot is not None:
                break
            await asyncio.sleep(0.1)
        await client.close()
    assert snapshot is not None and snapshot["reason"] == "new ideas"
    assert snapshot["ideaCount"] >= 5


async def test_similar_ideas_follow_edits_and_hides(api: Api) -> None:
    from jam import actions

    async def similar(client: GraphQLClient, text: str) -> list[dict[str, Any]]:
        found = await client.ok(SIMILAR, {"jam": api.jam_id, "text": text})
        return list(found["similarIdeas"])

    async def eventually(client: GraphQLClient, text: str, holds: Any) -> list[dict[str, Any]]:
        """The server hears the test's own writes through its feed's poll (SQLite: every
        0.5 s), so wait for the answer to change, up to a bound."""
        deadline = asyncio.get_running_loop().time() + 5
        while True:
            found = await similar(client, text)
            if holds(found) or asyncio.get_running_loop().time() > deadline:
                return found
            await asyncio.sleep(0.1)

    idea_id = await api.world.idea(title="Covered bike parking", body="with helmet lockers")
    found = await similar(api.participant, "covered bike parking")
    assert found[0]["idea"]["id"] == str(idea_id)
    await actions.edit_idea(
        api.world.rt, api.world.participant, idea_id, title="Rooftop beehives", body="for honey"
    )
    before = await eventually(
        api.participant, "covered bike parking", lambda f: all(x["score"] < 0.5 for x in f)
    )
    assert all(f["score"] < 0.5 for f in before)
    after = await similar(api.participant, "rooftop beehives")
    assert after[0]["idea"]["id"] == str(idea_id)
    await actions.set_idea_hidden(api.world.rt, api.world.moderator, idea_id, hidden=True)
    hidden = await eventually(
        api.moderator,
        "rooftop beehives",
        lambda f: str(idea_id) not in [x["idea"]["id"] for x in f],
    )
    assert str(idea_id) not in [f["idea"]["id"] for f in hidden]


async def test_similar_ideas_find_a_paraphrase_that_shares_no_word(api: Api) -> None:
    from tests.test_theme_embeddings_in_jam import needs_model

    if needs_model.args[0]:
        pytest.skip("JAM_TEST_NO_MODEL=1")
    from jam.jobs.themes import ThemeRefresher

    await seed_ideas(api.world, per_topic=4)
    meant = await api.world.idea(title="Cheaper lunches in the canteen", body="Less costly meals.")
    refresher = ThemeRefresher(api.world.rt)
    async with api.world.rt.db.read() as session:
        from sqlmodel import select

        from jam.models import Idea

        ids = list((await session.execute(select(Idea.id))).scalars())
    assert await refresher.embed_ideas(ids) == len(ids)
    await asyncio.sleep(0.3)
    data = await api.participant.ok(
        SIMILAR, {"jam": api.jam_id, "text": "reduce cafeteria food prices"}
    )
    assert data["similarIdeas"][0]["idea"]["id"] == str(meant)
