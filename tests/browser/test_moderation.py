"""Moderation in the browser, end to end: flags that hide an idea and a moderator who restores
it with a reason its author reads; a muted member who cannot post; an announcement that reaches
an open page live; a merge with the author's consent and its exact undo; a hand-off the next
shift reads. Each on a site of its own module (these tests change what others would see)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, NewPage
from tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
    sign_in_quietly,
)
from tests.browser.site import Login, Site, start_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    directory = tmp_path_factory.mktemp("moderation-site")
    started = start_site(directory, ideas=40)
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def jam(site: Site) -> dict[str, Any]:
    found: dict[str, Any] = site.graphql(
        "query($s: String!) { jam(slug: $s) { id forums { id title } } }",
        {"s": site.slug},
        site.employee,
    )["jam"]
    return found


@pytest.fixture(scope="module")
def members(site: Site) -> list[Login]:
    """Employees of the demo jam other than the named demo logins (the admin reads e-mails)."""
    nodes = site.graphql(
        "query($s: String!) { jam(slug: $s) { members(first: 60, kind: EMPLOYEE, "
        "role: PARTICIPANT) { nodes { user { email displayName } } } } }",
        {"s": site.slug},
        site.admin,
    )["jam"]["members"]["nodes"]
    taken = {site.employee.email, site.moderator.email, site.admin.email}
    return [
        Login(n["user"]["email"], n["user"]["displayName"])
        for n in nodes
        if n["user"]["email"] not in taken
    ]


def post_idea(site: Site, jam: dict[str, Any], login: Login, title: str, body: str) -> str:
    data = site.graphql(
        "mutation($i: PostIdeaInput!) { postIdea(input: $i) { idea { id } errors { code } } }",
        {"i": {"forumId": jam["forums"][0]["id"], "title": title, "body": body}},
        login,
    )["postIdea"]
    assert data["errors"] == [], data
    return str(data["idea"]["id"])


def flag(site: Site, idea_id: str, login: Login) -> None:
    data = site.graphql(
        "mutation($id: ID!) { flagItem(input: {item: {kind: IDEA, id: $id}, reason: SPAM}) "
        "{ errors { code } } }",
        {"id": idea_id},
        login,
    )["flagItem"]
    assert data["errors"] == [], data


def opened(new_page: NewPage, site: Site, login: Login, path: str, **kwargs: Any) -> Page:
    page = new_page(**kwargs)
    sign_in_quietly(page, login)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def test_three_flags_hide_an_idea_and_a_moderator_restores_it_with_a_reason_its_author_reads(
    new_page: NewPage, site: Site, jam: dict[str, Any], members: list[Login]
) -> None:
    title = "Cheap watches, great prices"
    idea_id = post_idea(site, jam, site.employee, title, "A genuine proposal, badly titled.")
    for login in members[:2]:
        flag(site, idea_id, login)

    # The third flag, through the idea page's dialog, hides it.
    flagger = opened(new_page, site, members[2], f"/jams/{site.slug}/ideas/{idea_id}")
    flagger.get_by_role("button", name="Flag this idea").click()
    dialog = flagger.get_by_role("dialog")
    dialog.locator("label").filter(has_text="Spam").click()
    dialog.get_by_role("button", name="Send flag").click()
    # Thanked, and (the flag hid it) the page soon says a moderator hid the idea.
    expect(
        flagger.get_by_text(
            re.compile("Thanks — moderators will take a look|a moderator has hidden it")
        ).first
    ).to_be_visible()
    hidden = site.graphql(
        "query($id: ID!) { idea(id: $id) { id } }", {"id": idea_id}, members[3]
    )["idea"]
    assert hidden is None  # hidden from participants, pending review

    # The moderator sees it in the queue, hidden by flags, and restores it with a reason.
    console = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate")
    card = console.locator("article").filter(has_text=title)
    expect(card.get_by_text("Hidden by flags")).to_be_visible()
    assert_no_axe_violations(console, "(queue)")
    card.get_by_role("button", name=re.compile(r"^Restore")).click()
    console.get_by_label("Reason (the author is told)").fill("Not spam: a real proposal")
    console.get_by_role("dialog").get_by_role("button", name="Restore").click()
    expect(console.get_by_role("status").filter(has_text="restored")).to_be_visible()
    expect(console.locator("article").filter(has_text=title)).to_have_count(0)

    # The author reads why in their inbox, and the idea is back for everyone.
    author = opened(new_page, site, site.employee, "/notifications")
    expect(
        author.get_by_text(f"Your idea “{title}” is shown again: Not spam: a real proposal")
    ).to_be_visible()
    assert_no_axe_violations(author, "(notifications)")
    seen = site.graphql("query($id: ID!) { idea(id: $id) { id } }", {"id": idea_id}, members[3])
    assert seen["idea"] == {"id": idea_id}


def test_a_muted_member_cannot_post(
    new_page: NewPage, site: Site, jam: dict[str, Any], members: list[Login]
) -> None:
    muted = members[4]
    console = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate/members")
    console.get_by_label("Search members").fill(muted.display_name)
    card = console.locator("article").filter(has_text=muted.display_name)
    card.get_by_role("button", name=re.compile(r"^Mute")).click()
    dialog = console.get_by_role("dialog")
    dialog.get_by_label("Reason (they are told)").fill("Posting the same link everywhere")
    dialog.get_by_role("button", name="Mute", exact=True).click()
    expect(console.get_by_role("status").filter(has_text="is muted until")).to_be_visible()

    page = opened(
        new_page, site, muted, f"/jams/{site.slug}/post?forum={jam['forums'][0]['id']}"
    )
    expect(page.get_by_text("Posting the same link everywhere")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Post", re.I))).to_have_count(0)
    refused = site.graphql(
        "mutation($i: PostIdeaInput!) { postIdea(input: $i) { errors { code } } }",
        {"i": {"forumId": jam["forums"][0]["id"], "title": "Again", "body": "Same link"}},
        muted,
    )["postIdea"]
    assert refused["errors"] == [{"code": "MUTED"}]


def test_an_announcement_reaches_a_participants_open_page_live(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    reader = opened(new_page, site, site.employee, f"/jams/{site.slug}")
    reader.wait_for_load_state("networkidle")
    console = opened(
        new_page, site, site.moderator, f"/jams/{site.slug}/moderate/announcements"
    )
    console.get_by_label("Message").fill("Live Q&A with the CEO at 15:00 UTC")
    console.get_by_role("button", name="Post", exact=True).click()
    expect(console.get_by_role("status").filter(has_text="posted")).to_be_visible()

    banner = reader.get_by_text("Live Q&A with the CEO at 15:00 UTC", exact=True)
    expect(banner).to_be_visible()  # no reload: it came over the live subscription
    assert_no_axe_violations(reader, "(announcement banner)")
    reader.get_by_role("button", name=re.compile("^Dismiss")).first.click()
    expect(banner).to_have_count(0)


def idea_state(site: Site, idea_id: str) -> dict[str, Any]:
    data: dict[str, Any] = site.graphql(
        "query($id: ID!) { idea(id: $id) { id upvotes downvotes commentCount score "
        "mergedInto { id } comments { body } } }",
        {"id": idea_id},
        site.moderator,
    )["idea"]
    return data


def vote(site: Site, idea_id: str, login: Login, value: str) -> None:
    data = site.graphql(
        "mutation($i: VoteInput!) { vote(input: $i) { errors { code } } }",
        {"i": {"ideaId": idea_id, "value": value}},
        login,
    )["vote"]
    assert data["errors"] == [], data


def test_a_merge_with_consent_and_its_exact_undo(
    new_page: NewPage, site: Site, jam: dict[str, Any], members: list[Login]
) -> None:
    target = post_idea(site, jam, site.employee, "Four-day week pilot", "Fridays off.")
    source = post_idea(site, jam, members[5], "A 4-day working week", "Try it for a quarter.")
    vote(site, target, members[6], "DOWN")
    vote(site, source, members[6], "UP")  # voted on both: their vote on the target stands
    vote(site, source, members[7], "UP")
    site.graphql(
        "mutation($i: AddCommentInput!) { addComment(input: $i) { errors { code } } }",
        {"i": {"ideaId": source, "body": "Yes, a pilot first"}},
        members[7],
    )
    before = (idea_state(site, target), idea_state(site, source))
    merge_id = site.graphql(
        "mutation($s: ID!, $t: ID!) { proposeMerge(input: {sourceId: $s, targetId: $t, "
        'note: "Same proposal: let us gather the votes"}) { merge { id } errors { code } } }',
        {"s": source, "t": target},
        site.moderator,
    )["proposeMerge"]["merge"]["id"]

    # The author is asked in their inbox and accepts on the merge page.
    author = opened(new_page, site, members[5], "/notifications")
    author.get_by_role("link", name=re.compile("4-day working week")).first.click()
    expect(author.get_by_text("Same proposal: let us gather the votes")).to_be_visible()
    assert_no_axe_violations(author, "(merge request)")
    author.get_by_role("button", name="Accept the merge").click()
    author.get_by_role("button", name="Yes, merge my idea").click()
    expect(author.get_by_text("You accepted: your idea was merged.")).to_be_visible()

    merged_target, merged_source = idea_state(site, target), idea_state(site, source)
    assert merged_source["mergedInto"] == {"id": target}
    assert (merged_target["upvotes"], merged_target["downvotes"]) == (1, 1)
    assert [c["body"] for c in merged_target["comments"]] == ["Yes, a pilot first"]

    # The moderator undoes it from the console: both ideas are exactly as before.
    console = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate/merges")
    console.get_by_role("button", name=re.compile("^Undo merge")).first.click()
    console.get_by_role("alertdialog").get_by_role("button", name=re.compile("^Undo")).click()
    expect(console.get_by_role("status").filter(has_text="undone")).to_be_visible()
    assert (idea_state(site, target), idea_state(site, source)) == before
    status = site.graphql(
        "query($id: ID!) { merge(id: $id) { status } }", {"id": merge_id}, site.moderator
    )
    assert status["merge"] == {"status": "UNMERGED"}


def test_the_next_shift_reads_the_hand_off(
    new_page: NewPage, site: Site, jam: dict[str, Any], members: list[Login]
) -> None:
    # The demo's moderator is on duty, after a shift that left a hand-off.
    page = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate/shifts")
    on_duty = site.graphql(
        "query($j: ID!) { onDuty(jamId: $j) { id endsAt user { id } } }",
        {"j": jam["id"]},
        site.moderator,
    )["onDuty"]
    [current] = on_duty
    page.goto(f"/jams/{site.slug}/moderate/shifts/{current['id']}")
    expect(
        page.locator("p").filter(has_text="Long thread here, getting heated about budgets")
    ).to_be_visible()
    assert_no_axe_violations(page, "(shift with a hand-off)")

    # This shift leaves an item for the next one, through the journal form.
    watched = post_idea(site, jam, members[8], "Heated thread on parking", "Watch this one.")
    form = page.locator("form").filter(has=page.get_by_label("Text"))
    form.locator("label").filter(has_text=re.compile("watch", re.I)).first.click()
    form.get_by_label("Text").fill("Parking thread: check the replies hourly")
    form.get_by_label("Idea or comment").fill(f"/jams/{site.slug}/ideas/{watched}")
    form.get_by_role("button", name="Add to journal").click()
    expect(page.get_by_role("status").filter(has_text="added to the journal")).to_be_visible()

    # The next shift opens with that hand-off.
    ends = datetime.fromisoformat(current["endsAt"])
    following = site.graphql(
        "mutation($i: CreateShiftInput!) { createShift(input: $i) { shift { id } "
        "errors { code message } } }",
        {"i": {"jamId": jam["id"], "userId": current["user"]["id"],
               "startsAt": ends.isoformat(), "endsAt": (ends + timedelta(hours=3)).isoformat()}},
        site.moderator,
    )["createShift"]  # fmt: skip
    assert following["errors"] == [], following
    next_page = opened(
        new_page, site, site.moderator,
        f"/jams/{site.slug}/moderate/shifts/{following['shift']['id']}",
    )  # fmt: skip
    expect(
        next_page.locator("p").filter(has_text="Parking thread: check the replies hourly")
    ).to_be_visible()
    expect(next_page.get_by_role("link", name="Heated thread on parking").first).to_be_visible()


CONSOLE_PAGES = ["", "/members", "/log", "/announcements", "/merges", "/shifts"]


@pytest.mark.parametrize("locale", ["es", "fr"])
@pytest.mark.parametrize("section", CONSOLE_PAGES)
def test_every_console_page_passes_axe_in_spanish_and_french(
    new_page: NewPage, site: Site, section: str, locale: str
) -> None:
    page = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate{section}",
                  locale=locale)  # fmt: skip
    page.wait_for_load_state("networkidle")
    expect(page.locator(".loading")).to_have_count(0)
    assert page.evaluate("() => document.documentElement.lang") == locale
    assert_no_axe_violations(page, f"(console{section}, {locale})")


@pytest.mark.parametrize("section", CONSOLE_PAGES)
def test_every_console_page_fits_a_phone(new_page: NewPage, site: Site, section: str) -> None:
    page = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate{section}",
                  viewport=PHONE)  # fmt: skip
    page.wait_for_load_state("networkidle")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page, f"(console{section}, phone)")
    screenshot(page, f"phone-moderate{section.replace('/', '-') or '-queue'}")


@pytest.mark.parametrize("section", CONSOLE_PAGES)
def test_every_console_page_on_a_desktop(new_page: NewPage, site: Site, section: str) -> None:
    page = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate{section}")
    page.wait_for_load_state("networkidle")
    assert_no_axe_violations(page, f"(console{section})")
    screenshot(page, f"desktop-moderate{section.replace('/', '-') or '-queue'}")


def tab_until(page: Page, test: str, limit: int = 60) -> None:
    """Press Tab until ``test`` (JavaScript, on document.activeElement as ``el``) holds."""
    for _ in range(limit):
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({test}); }}"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached an element where {test}")


def test_the_queue_works_by_keyboard_alone(
    new_page: NewPage, site: Site, jam: dict[str, Any], members: list[Login]
) -> None:
    title = "Buy followers here"
    idea_id = post_idea(site, jam, members[9], title, "Cheap followers for your profile.")
    flag(site, idea_id, members[10])
    page = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate")
    expect(page.locator("article").filter(has_text=title)).to_be_visible()
    tab_until(page, "el && el.tagName === 'ARTICLE'")
    for _ in range(40):  # j: next item, until the new one has focus
        if page.evaluate(f"() => document.activeElement.textContent.includes({title!r})"):
            break
        page.keyboard.press("j")
    page.keyboard.press("h")
    expect(page.get_by_role("dialog")).to_be_visible()
    tab_until(page, "el && (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT')")
    page.keyboard.type("Selling followers")
    tab_until(page, "el && el.tagName === 'BUTTON' && el.textContent.trim() === 'Hide'")
    page.keyboard.press("Enter")
    expect(page.locator("article").filter(has_text=title)).to_have_count(0)
    gone = site.graphql(
        "query($id: ID!) { idea(id: $id) { hidden } }", {"id": idea_id}, site.moderator
    )
    assert gone["idea"]["hidden"] is True


HOSTILE = '<img src=x onerror="window.__xss=1"><b>not bold</b> <0>x</0>'


def test_hostile_reasons_titles_and_announcements_stay_text_everywhere_moderation_shows_them(
    new_page: NewPage, site: Site, jam: dict[str, Any], members: list[Login]
) -> None:
    title = f"Title {HOSTILE}"
    idea_id = post_idea(site, jam, members[11], title, f"Body {HOSTILE}")
    site.graphql(
        "mutation($id: ID!, $n: String!) { flagItem(input: {item: {kind: IDEA, id: $id}, "
        "reason: OTHER, note: $n}) { errors { code } } }",
        {"id": idea_id, "n": f"Note {HOSTILE}"},
        members[12],
    )
    console = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate")
    expect(console.get_by_text(title, exact=True).first).to_be_visible()
    expect(console.get_by_text(f"Note {HOSTILE}").first).to_be_visible()
    site.graphql(
        "mutation($id: ID!, $r: String!) { moderateItems(input: {items: [{kind: IDEA, id: $id}], "
        "decision: HIDE, reason: $r}) { errors { code } } }",
        {"id": idea_id, "r": f"Reason {HOSTILE}"},
        site.moderator,
    )
    site.graphql(
        "mutation($j: ID!, $b: String!) { postAnnouncement(input: {jamId: $j, body: $b}) "
        "{ errors { code } } }",
        {"j": jam["id"], "b": f"Announcement {HOSTILE}"},
        site.moderator,
    )
    author = opened(new_page, site, members[11], "/notifications")
    expect(author.get_by_text(re.compile(re.escape(f"Reason {HOSTILE}"))).first).to_be_visible()
    author.goto(f"/jams/{site.slug}/ideas/{idea_id}")
    expect(author.get_by_text(re.compile(re.escape(f"Reason {HOSTILE}"))).first).to_be_visible()
    home = opened(new_page, site, members[13], f"/jams/{site.slug}")
    expect(home.get_by_text(f"Announcement {HOSTILE}", exact=True).first).to_be_visible()
    log = opened(new_page, site, site.moderator, f"/jams/{site.slug}/moderate/log")
    expect(log.get_by_text(re.compile(re.escape(f"Reason {HOSTILE}"))).first).to_be_visible()
    for page in (console, author, home, log):
        assert page.evaluate("() => window.__xss") is None
        assert page.locator("main img[src='x']").count() == 0
