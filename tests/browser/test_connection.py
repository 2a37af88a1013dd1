"""A lost connection is shown, and the page recovers by itself when the server is back: the
banner goes, and live updates flow again without a reload."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in_quietly
from tests.browser.site import Site, start_site


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A site of this module's own: its server is stopped and started again."""
    directory = tmp_path_factory.mktemp("restarted")
    started = start_site(directory, ideas=20)
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(directory, ignore_errors=True)


def test_the_page_says_the_connection_is_lost_and_recovers_without_reload(
    page: Page, own_site: Site
) -> None:
    # Cookies do not keep to a port: this site's session, not the shared site's.
    page.context.clear_cookies()
    sign_in_quietly(page, own_site.employee, own_site.base_url)
    page.goto(f"{own_site.base_url}/jams/{own_site.slug}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.evaluate("() => { window.__sameDocument = true }")
    banner = page.get_by_text("Connection lost")

    own_site.stop()
    expect(banner).to_be_visible(timeout=20_000)

    own_site.restart()
    expect(banner).to_be_hidden(timeout=30_000)
    assert page.evaluate("() => window.__sameDocument") is True  # no reload happened

    forum = own_site.graphql(
        "query($s: String!) { jam(slug: $s) { forums { id } } }", {"s": own_site.slug},
        own_site.employee,
    )["jam"]["forums"][0]["id"]  # fmt: skip
    own_site.graphql(
        "mutation($i: PostIdeaInput!) { postIdea(input: $i) { errors { code } } }",
        {"i": {"forumId": forum, "title": "Posted after the restart", "body": "Live again."}},
        own_site.moderator,
    )
    expect(page.get_by_text("Posted after the restart").first).to_be_visible(timeout=15_000)
