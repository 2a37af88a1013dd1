"""The jams list, a jam's home page and its live activity: what a participant sees of a jam,
joining it (guests with their invitation code), the jam's clock and read-only states, and the
feed that shows what happens in the jam while the page is open."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import PHONE, NewPage
from tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    graphql_in_page,
    screenshot,
    sign_in,
    sign_in_quietly,
)
from tests.browser.site import Login, Site

DEMO_TITLE = "Innovation Jam 2026"
CLOSED_TITLE = "Last year's jam"
SCHEDULED_TITLE = "Next quarter's jam"


def open_jams_list(page: Page) -> None:
    """The jams list (`/`), signed in already."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("")
    expect(page.locator("article, .empty").first).to_be_visible()


def card(page: Page, title: str):
    return page.get_by_role("article", name=title)


def new_guest(site: Site) -> Login:
    """A guest from outside who signed up with the demo jam's invitation code (that makes them
    a participant of that jam, and of no other)."""
    login = Login(
        email=f"guest-{uuid.uuid4().hex[:8]}@outside.example", display_name="Outside Guest"
    )
    with httpx.Client(base_url=site.base_url, timeout=30) as http:
        answer = http.post(
            "/graphql",
            json={
                "query": "mutation($i: RegisterInput!) { register(input: $i) { ok errors { code } } }",
                "variables": {
                    "i": {
                        "email": login.email,
                        "password": login.password,
                        "displayName": login.display_name,
                        "invitationCode": site.invitation_code,
                    }
                },
            },
        ).json()
    assert answer["data"]["register"]["errors"] == [], answer
    return login


def jam_of(site: Site, slug: str) -> dict[str, Any]:
    return site.graphql(
        "query($s: String!) { jam(slug: $s) { id slug title description startsAt endsAt phase "
        "forums { id } } }",
        {"s": slug},
        site.admin,
    )["jam"]


def test_the_jams_list_shows_each_jam_with_its_clock_forums_and_role(
    page: Page, site: Site
) -> None:
    sign_in(page, site, site.employee)
    open_jams_list(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your jams")
    live = card(page, DEMO_TITLE)
    expect(live.locator("time.jam-clock")).to_contain_text("Live")
    expect(live.locator("time.jam-clock")).to_contain_text("left")
    expect(live).to_contain_text("4 forums")
    expect(live).to_contain_text("You are a participant")
    expect(live.get_by_role("link", name=f"Open {DEMO_TITLE}")).to_have_attribute(
        "href", f"/jams/{site.slug}"
    )
    expect(card(page, CLOSED_TITLE).locator("time.jam-clock")).to_contain_text("Closed on")
    expect(card(page, SCHEDULED_TITLE).locator("time.jam-clock")).to_contain_text("Opens in")
    # Latest start first: the scheduled jam, then the demo jam and the closed one.
    titles = page.locator("article h2").all_inner_texts()
    assert titles.index(SCHEDULED_TITLE) < titles.index(DEMO_TITLE)
    assert_no_axe_violations(page, "on the jams list")
    screenshot(page, "jam-list")


def test_the_clock_marks_up_the_moment_it_counts_to(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee)
    open_jams_list(page)
    scheduled = jam_of(site, site.scheduled_slug)
    clock = card(page, SCHEDULED_TITLE).locator("time.jam-clock")
    expect(clock).to_have_attribute("datetime", scheduled["startsAt"])
    expect(clock).to_contain_text("Scheduled")
    expect(clock).to_contain_text("days")


def test_a_guest_who_signed_up_with_the_code_sees_only_that_jam_joined(
    page: Page, site: Site
) -> None:
    guest = new_guest(site)
    sign_in(page, site, guest)
    open_jams_list(page)
    live = card(page, DEMO_TITLE)
    expect(live).to_contain_text("You are a participant")
    expect(page.locator("article")).to_have_count(1)
    assert_no_axe_violations(page, "on a guest's jams list")


def test_a_guest_joins_another_jam_with_its_invitation_code(page: Page, site: Site) -> None:
    """A guest invited to a second jam cannot see it before joining: the code alone, in the
    list's "Have an invitation code?" form, takes them there."""
    guest = new_guest(site)
    scheduled = jam_of(site, site.scheduled_slug)
    code = site.graphql(
        "mutation($i: CreateInvitationInput!) { createInvitation(input: $i) "
        "{ invitation { code } errors { code } } }",
        {"i": {"jamId": scheduled["id"], "maxUses": 5}},
        site.admin,
    )["createInvitation"]["invitation"]["code"]
    sign_in(page, site, guest)
    open_jams_list(page)
    expect(card(page, SCHEDULED_TITLE)).to_have_count(0)
    form = page.get_by_role("region", name="Have an invitation code?")
    field = form.get_by_label("Invitation code")

    field.fill("NOT-A-CODE")
    form.get_by_role("button", name="Join with this code").click()
    expect(form.get_by_text("This invitation code is not valid (or has expired).")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page, "with a refused invitation code")

    field.fill(code)
    form.get_by_role("button", name="Join with this code").click()
    expect(page).to_have_url(f"{site.base_url}/jams/{site.scheduled_slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text(SCHEDULED_TITLE)
    open_jams_list(page)
    expect(card(page, SCHEDULED_TITLE)).to_contain_text("You are a participant")
    expect(page.locator("article")).to_have_count(2)


def test_the_jam_home_shows_its_forums_themes_and_the_way_to_post(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee, then=f"/jams/{site.slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_TITLE)
    forums = page.get_by_role("region", name="Forums")
    expect(forums.get_by_role("heading", level=3)).to_have_count(4)
    first = forums.get_by_role("listitem").first
    expect(first).to_contain_text("ideas")
    expect(first.get_by_role("link").first).to_have_attribute(
        "href", re.compile(rf"^/jams/{site.slug}/forums/\d+$")
    )
    themes = page.get_by_role("region", name="Current themes")
    theme_lines = themes.locator("li")
    assert 1 <= theme_lines.count() <= 5
    expect(theme_lines.first).to_contain_text("ideas")
    expect(themes.get_by_role("link", name="All themes")).to_have_attribute(
        "href", f"/jams/{site.slug}/themes"
    )
    expect(page.get_by_role("link", name="Post an idea", exact=True)).to_have_attribute(
        "href", f"/jams/{site.slug}/post"
    )
    activity = page.get_by_role("region", name="Live activity")
    expect(activity.locator("[aria-live=polite]")).to_contain_text("No activity since you arrived")
    assert_no_axe_violations(page, "on the jam's home")
    screenshot(page, "jam-home")


def test_an_idea_posted_elsewhere_appears_in_the_activity_feed_and_the_forum_count(
    new_page: NewPage, site: Site
) -> None:
    watcher = new_page()
    sign_in(watcher, site, site.employee, then=f"/jams/{site.slug}")
    forums = watcher.get_by_role("region", name="Forums")
    forum = forums.get_by_role("listitem").first
    expect(forum).to_contain_text("ideas")
    count_before = int(forum.locator(".jam-forum-meta .muted").inner_text().split()[0])
    forum_id = forum.get_by_role("link").first.get_attribute("href").rsplit("/", 1)[-1]  # type: ignore[union-attr]
    feed = watcher.get_by_role("region", name="Live activity").locator("[aria-live=polite]")
    expect(feed).to_contain_text("No activity since you arrived")
    watcher.wait_for_timeout(500)  # the subscription is up

    poster = new_page()
    sign_in_quietly(poster, site.moderator)
    poster.goto(f"/jams/{site.slug}")
    title = f"Live idea {uuid.uuid4().hex[:6]}"
    answer = graphql_in_page(
        poster,
        "mutation($i: PostIdeaInput!) { postIdea(input: $i) { idea { id } errors { code } } }",
        {
            "i": {
                "forumId": forum_id,
                "title": title,
                "body": "Posted from a second page, to be seen live.",
            }
        },
    )
    assert answer["data"]["postIdea"]["errors"] == [], answer
    idea_id = answer["data"]["postIdea"]["idea"]["id"]

    line = feed.get_by_role("listitem").first
    expect(line).to_contain_text(f"{site.moderator.display_name} posted {title}")
    expect(line.get_by_role("link", name=title)).to_have_attribute(
        "href", f"/jams/{site.slug}/ideas/{idea_id}"
    )
    expect(forum).to_contain_text(f"{count_before + 1} ideas")
    # The new line did not take the focus away.
    assert watcher.evaluate("() => document.activeElement?.closest('.jam-feed') === null")
    assert_no_axe_violations(watcher, "with live activity")
    screenshot(watcher, "jam-home-activity")


def test_a_closed_jam_is_read_only_and_says_so(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee, then=f"/jams/{site.closed_slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text(CLOSED_TITLE)
    expect(page.get_by_role("status").filter(has_text="This jam is over")).to_contain_text(
        "all its ideas can still be read"
    )
    expect(page.locator("time.jam-clock")).to_contain_text("Closed on")
    expect(page.get_by_role("link", name="Post an idea")).to_have_count(0)
    expect(page.get_by_role("link", name="Post an idea here")).to_have_count(0)
    expect(page.get_by_role("button", name="Join")).to_have_count(0)
    expect(page.get_by_role("region", name="Live activity")).to_have_count(0)
    assert_no_axe_violations(page, "on a closed jam")
    screenshot(page, "jam-home-closed")


def test_a_scheduled_jam_says_when_it_opens_and_cannot_be_posted_to(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee, then=f"/jams/{site.scheduled_slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text(SCHEDULED_TITLE)
    expect(page.get_by_role("status").filter(has_text="This jam opens on")).to_contain_text(
        "in 3 days"
    )
    expect(page.get_by_role("link", name="Post an idea")).to_have_count(0)
    expect(page.get_by_role("region", name="Current themes")).to_contain_text("No themes yet")
    expect(page.get_by_role("region", name="Live activity")).to_contain_text("once the jam opens")
    assert_no_axe_violations(page, "on a scheduled jam")


def test_someone_who_has_not_joined_sees_join_and_then_can_post(page: Page, site: Site) -> None:
    sign_in(page, site, site.moderator, then=f"/jams/{site.slug}")
    # The moderator is a member of the demo jam; the admin made the scheduled jam without them.
    page.goto(f"/jams/{site.scheduled_slug}")
    expect(page.get_by_text("You have not joined this jam")).to_be_visible()
    assert_no_axe_violations(page, "before joining")
    page.get_by_role("button", name=f"Join {SCHEDULED_TITLE}").click()
    expect(page.get_by_text("You are a participant")).to_be_visible()
    expect(page.get_by_text("You have not joined this jam")).to_have_count(0)


def test_an_unknown_jam_or_one_a_guest_was_not_invited_to_is_not_found(
    page: Page, site: Site
) -> None:
    guest = new_guest(site)
    sign_in(page, site, guest, then=f"/jams/{site.closed_slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jam not found")
    expect(page.get_by_role("link", name="See your jams")).to_have_attribute("href", "/")
    assert_no_axe_violations(page, "on a jam not found")
    page.goto("/jams/no-such-jam")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jam not found")


def test_the_jam_pages_speak_spanish(new_page: NewPage, site: Site) -> None:
    page = new_page(locale="es-ES")
    sign_in_quietly(page, site.employee)
    page.goto(f"/jams/{site.slug}")
    expect(page.get_by_role("heading", level=2, name="Foros")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Actividad en directo")).to_be_visible()
    expect(page.locator("time.jam-clock")).to_contain_text("En directo")
    expect(page.get_by_role("link", name="Publicar una idea", exact=True)).to_be_visible()
    expect(page.get_by_text("No ha habido actividad desde que llegaste")).to_be_visible()
    assert_no_axe_violations(page, "in Spanish")
    open_jams_list(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tus jams")
    expect(card(page, CLOSED_TITLE)).to_contain_text("Cerrada")
    expect(card(page, DEMO_TITLE)).to_contain_text("4 foros")


def test_the_jam_pages_speak_french(new_page: NewPage, site: Site) -> None:
    page = new_page(locale="fr-FR")
    sign_in_quietly(page, site.employee)
    page.goto(f"/jams/{site.closed_slug}")
    expect(page.get_by_text("Cette jam est terminée")).to_be_visible()
    expect(page.locator("time.jam-clock")).to_contain_text("Terminée le")
    expect(page.get_by_role("heading", level=2, name="Thèmes du moment")).to_be_visible()
    assert_no_axe_violations(page, "in French")
    open_jams_list(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos jams")
    expect(card(page, SCHEDULED_TITLE)).to_contain_text("Ouvre dans")


def test_a_360_px_phone_scrolls_only_down(new_page: NewPage, site: Site) -> None:
    phone = new_page(viewport=PHONE)
    sign_in(phone, site, site.employee)
    open_jams_list(phone)
    expect(card(phone, DEMO_TITLE)).to_be_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "jam-list-phone")
    phone.goto(f"/jams/{site.slug}")
    expect(phone.get_by_role("region", name="Live activity")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    assert_no_axe_violations(phone, "on a phone")
    screenshot(phone, "jam-home-phone")


def test_a_failed_request_says_so_and_retry_brings_the_list(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee)
    failing = {"on": True}

    def refuse_the_list(route: Route) -> None:
        body = route.request.post_data_json or {}
        if failing["on"] and "query Jams" in str(body.get("query", "")):
            route.abort("connectionrefused")
        else:
            route.continue_()

    page.route("**/graphql", refuse_the_list)
    page.goto(f"/jams/{site.slug}")
    page.locator("a.brand").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The server cannot be reached")
    assert_no_axe_violations(page, "when the list cannot be loaded")
    failing["on"] = False
    alert.get_by_role("button", name="Retry").click()
    expect(card(page, DEMO_TITLE)).to_be_visible()
