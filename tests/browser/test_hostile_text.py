"""Hostile text stays inert: 20 XSS payloads posted as titles, bodies, comments, tags and a
display name are shown as text on every page that shows them, and none of them runs."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.sync_api import Dialog, Frame, Page, expect

from tests.browser.helpers import sign_in_quietly
from tests.browser.site import Login, Site

# Each payload, if it ever ran, would set window.__xss (or open a dialog, or load a page).
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<svg onload="window.__xss=3"></svg>',
    '"><script>window.__xss=4</script>',
    "javascript:window.__xss=5",
    '<a href="javascript:window.__xss=6">click me</a>',
    '<iframe src="javascript:window.__xss=7"></iframe>',
    "{{constructor.constructor('window.__xss=8')()}}",
    '<details open ontoggle="window.__xss=9">',
    '<body onload="window.__xss=10">',
    "';window.__xss=11;//",
    "<style>body{display:none}</style>",
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=13">',
    '<input autofocus onfocus="window.__xss=14">',
    '<object data="javascript:window.__xss=15"></object>',
    "%3Cscript%3Ewindow.__xss=16%3C/script%3E",
    '<video><source onerror="window.__xss=17"></video>',
    '<marquee onstart="window.__xss=18">x</marquee>',
    "\u202e<b>reversed</b> ${alert(19)}",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=20">',
]
DISPLAY_NAME = '<img src=x onerror="window.__xss=99">Mallory'


@pytest.fixture(scope="module")
def hostile(site: Site) -> dict[str, Any]:
    """A guest named with a payload (signed up with the demo jam's code, which makes them a
    member) posts one idea per payload (title, body, a tag) and comments each payload on the
    first idea."""
    login = Login(
        email=f"mallory-{uuid.uuid4().hex[:8]}@outside.example",
        display_name=DISPLAY_NAME,
        password="hostile-pass-1",
    )
    registered = site.graphql(
        "mutation($i: RegisterInput!) { register(input: $i) { ok errors { code } } }",
        {
            "i": {
                "email": login.email,
                "password": login.password,
                "displayName": DISPLAY_NAME,
                "invitationCode": site.invitation_code,
            }
        },
    )
    assert registered["register"]["errors"] == [], registered
    forum_id = site.graphql(
        "query($s: String!) { jam(slug: $s) { forums { id } } }", {"s": site.slug}, login
    )["jam"]["forums"][0]["id"]
    ideas = []
    for index, payload in enumerate(PAYLOADS):
        posted = site.graphql(
            "mutation($i: PostIdeaInput!) "
            "{ postIdea(input: $i) { idea { id title } errors { code } } }",
            {
                "i": {
                    "forumId": forum_id,
                    "title": f"{payload} #{index}",
                    "body": f"Body: {payload}",
                    "tags": [payload[:40]],
                }
            },
            login,
        )["postIdea"]
        assert posted["idea"], posted
        ideas.append(posted["idea"])
    for payload in PAYLOADS:
        site.graphql(
            "mutation($i: AddCommentInput!) { addComment(input: $i) { errors { code } } }",
            {"i": {"ideaId": ideas[0]["id"], "body": f"Comment: {payload}"}},
            login,
        )
    return {"login": login, "forum_id": forum_id, "ideas": ideas}


def _watch(page: Page) -> list[str]:
    """Everything that would show a payload ran: dialogs, and navigations to javascript:."""
    ran: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        ran.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def on_navigation(frame: Frame) -> None:
        if frame.url.startswith("javascript:"):
            ran.append(f"navigated to {frame.url}")

    page.on("dialog", on_dialog)
    page.on("framenavigated", on_navigation)
    return ran


def _assert_inert(page: Page, ran: list[str]) -> None:
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => window.__xss") is None
    assert ran == []
    assert page.locator("main img[src='x'], main iframe, main object, main marquee").count() == 0


def test_the_forum_shows_every_payload_as_text(
    page: Page, site: Site, hostile: dict[str, Any]
) -> None:
    ran = _watch(page)
    sign_in_quietly(page, site.employee)
    page.goto(f"/jams/{site.slug}/forums/{hostile['forum_id']}")
    expect(page.get_by_text(f"{PAYLOADS[0]} #0", exact=True).first).to_be_visible()
    _assert_inert(page, ran)


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_an_idea_page_shows_its_payload_as_text(
    page: Page, site: Site, hostile: dict[str, Any], index: int
) -> None:
    ran = _watch(page)
    sign_in_quietly(page, site.employee)
    idea = hostile["ideas"][index]
    page.goto(f"/jams/{site.slug}/ideas/{idea['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(idea["title"])
    expect(page.get_by_text(DISPLAY_NAME).first).to_be_visible()
    if index == 0:  # the comments, all on the first idea
        expect(page.get_by_text(f"Comment: {PAYLOADS[1]}")).to_be_visible()
    _assert_inert(page, ran)


def test_the_jam_home_and_its_activity_stay_inert(
    page: Page, site: Site, hostile: dict[str, Any]
) -> None:
    ran = _watch(page)
    sign_in_quietly(page, site.employee)
    page.goto(f"/jams/{site.slug}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _assert_inert(page, ran)
