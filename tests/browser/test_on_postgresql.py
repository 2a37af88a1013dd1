"""The browser journeys that touch this stack's newest storage, again on PostgreSQL: the demo
seeded into a database of its own (`jam demo --database-url`) and served from it; a search
through the full-text index (tsvector, GIN), a pass vote, the strategy workspace with the
opinion groups the seed computed, and an idea arriving live in another browser (PostgreSQL's
NOTIFY). Skipped unless JAM_TEST_DATABASE_URL names a PostgreSQL server (CI sets it)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import NewPage
from tests.browser.helpers import assert_no_axe_violations, screenshot, sign_in_quietly
from tests.browser.site import Site, start_site
from tests.browser.test_strategy import opened, strategy, tab_content

PG_URL = os.environ.get("JAM_TEST_DATABASE_URL", "")
DATABASE = "jam_browser"
FORUMS = """query($s: String!) { jam(slug: $s) { forums { id title ideaCount } } }"""
IDEAS = """query($s: String!, $q: String) { jam(slug: $s) {
  ideas(search: $q, sort: NEW, first: 50) { totalCount nodes { id title } } } }"""
IN_FORUM = """query($s: String!, $f: ID!) { jam(slug: $s) {
  ideas(forumId: $f, first: 20) { nodes { id title } } } }"""
GROUPS = """query($s: String!) { jam(slug: $s) { opinionGroups { status groups { size } } } }"""

pytestmark = pytest.mark.skipif(
    not PG_URL.startswith("postgresql"), reason="needs JAM_TEST_DATABASE_URL (PostgreSQL)"
)


async def _recreate(database: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_URL)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{database}"')
    finally:
        await connection.close()


async def _drop(database: str) -> None:
    """Drop it once the served site's processes have let go (the worker beside the server
    stops a moment after the server)."""
    import asyncpg

    connection = await asyncpg.connect(PG_URL)
    try:
        for _ in range(100):
            held = await connection.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", database
            )
            if not held:
                break
            await asyncio.sleep(0.1)
        await connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    asyncio.run(_recreate(DATABASE))
    directory = tmp_path_factory.mktemp("postgresql-site")
    url = PG_URL.rsplit("/", 1)[0] + f"/{DATABASE}"
    started = start_site(directory, database_url=url)
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(directory, ignore_errors=True)
        asyncio.run(_drop(DATABASE))


def test_the_site_is_served_from_postgresql(site: Site) -> None:
    assert any(part.startswith("postgresql") for part in site.command)


def test_a_search_finds_an_inflected_word_through_the_index(new_page: NewPage, site: Site) -> None:
    forums = site.graphql(FORUMS, {"s": site.slug}, site.employee)["jam"]["forums"]
    forum = max(forums, key=lambda f: f["ideaCount"])
    ideas = site.graphql(IN_FORUM, {"s": site.slug, "f": forum["id"]}, site.employee)["jam"]
    word = next(
        w.lower()
        for idea in ideas["ideas"]["nodes"]
        for w in re.findall(r"[A-Za-z]{6,}", idea["title"])
    )
    found = site.graphql(IDEAS, {"s": site.slug, "q": word + "s"}, site.employee)["jam"]["ideas"]
    assert found["totalCount"] > 0  # the plural finds the word's ideas: stems
    page = new_page()
    sign_in_quietly(page, site.employee)
    page.goto(f"/jams/{site.slug}/forums/{forum['id']}")
    page.get_by_role("searchbox", name="Search ideas").fill(word)
    expect(page.get_by_role("radio", name="Best match")).to_be_visible()
    page.get_by_role("radio", name="Best match").click()
    expect(page).to_have_url(re.compile(r"sort=relevance"))
    expect(page.get_by_role("radio", name="Best match")).to_be_checked()
    expect(page.locator("#forum-ideas article").first).to_contain_text(
        re.compile(word, re.IGNORECASE)
    )
    assert_no_axe_violations(page, "a ranked search on PostgreSQL")


def test_a_pass_vote_is_kept(new_page: NewPage, site: Site) -> None:
    ideas = site.graphql(IDEAS, {"s": site.slug, "q": None}, site.employee)["jam"]["ideas"]
    page = new_page()
    sign_in_quietly(page, site.employee)
    page.goto(f"/jams/{site.slug}/ideas/{ideas['nodes'][-1]['id']}")
    button = page.get_by_role("button", name=re.compile(r"^No opinion \(\d+\)$"))
    if button.get_attribute("aria-pressed") == "true":
        button.click()  # the seed had this person pass already: take it back first
        expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.get_by_role("button", name=re.compile(r"^No opinion"))).to_have_attribute(
        "aria-pressed", "true"
    )


def test_the_workspace_shows_the_opinion_groups(new_page: NewPage, site: Site) -> None:
    groups: dict[str, Any] = site.graphql(GROUPS, {"s": site.slug}, site.moderator)["jam"][
        "opinionGroups"
    ]
    assert groups["status"] == "OK" and len(groups["groups"]) >= 2
    page = opened(new_page, site, site.moderator, strategy(site, "/opinions"))
    tab_content(page, "/opinions")
    expect(page.locator(".strategy-groups > li")).to_have_count(len(groups["groups"]))
    page.goto(strategy(site, "/backing"))
    tab_content(page, "/backing")
    assert_no_axe_violations(page, "the backing tab on PostgreSQL")
    screenshot(page, "postgresql-strategy-backing")


def test_an_idea_posted_elsewhere_arrives_live(new_page: NewPage, site: Site) -> None:
    forums = site.graphql(FORUMS, {"s": site.slug}, site.employee)["jam"]["forums"]
    forum = forums[0]
    reader = new_page()
    sign_in_quietly(reader, site.employee)
    reader.goto(f"/jams/{site.slug}/forums/{forum['id']}")
    expect(reader.locator("#forum-ideas article").first).to_be_visible()
    title = f"Live on PostgreSQL {uuid.uuid4().hex[:6]}"
    posted = site.graphql(
        "mutation($i: PostIdeaInput!) { postIdea(input: $i) { idea { id } errors { code } } }",
        {"i": {"forumId": forum["id"], "title": title, "body": "Sent through NOTIFY."}},
        site.moderator,
    )["postIdea"]
    assert posted["errors"] == []
    bar = reader.get_by_role("status").filter(has_text="new idea")
    expect(bar).to_contain_text("1 new idea")
