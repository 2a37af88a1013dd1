"""The idea page: the idea itself, votes (optimistic, rolled back when refused, the same on every
open page), threaded comments and replies (others' arriving live), the author's edits, the
read-only and not-found states, in Spanish and French and on a 360 px phone."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import Locator, Page, expect

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

FORUMS = "query($s: String!) { jam(slug: $s) { id title forums { id title } } }"
POST = "mutation($i: PostIdeaInput!) { postIdea(input: $i) { idea { id } errors { code } } }"
COMMENT = """mutation($i: AddCommentInput!) {
  addComment(input: $i) { comment { id } errors { code } } }"""
VOTES = "query($id: ID!) { idea(id: $id) { upvotes downvotes viewerVote } }"


def post_idea(
    site: Site, login: Login, *, slug: str | None = None, **fields: Any
) -> dict[str, Any]:
    """A fresh idea by ``login`` in the first forum of the jam (the demo jam by default), so a
    test's votes and comments meet no other test's."""
    jam = site.graphql(FORUMS, {"s": slug or site.slug}, login)["jam"]
    forum = jam["forums"][0]
    title = fields.pop("title", f"Idea {uuid.uuid4().hex[:8]}")
    posted = site.graphql(
        POST,
        {"i": {"forumId": forum["id"], "title": title, "body": "Body.", **fields}},
        login,
    )["postIdea"]
    assert posted["idea"], posted
    return {"id": posted["idea"]["id"], "title": title, "forum": forum, "jam": jam}


def idea_path(site: Site, idea_id: str, slug: str | None = None) -> str:
    return f"/jams/{slug or site.slug}/ideas/{idea_id}"


def open_idea(
    page: Page, site: Site, login: Login, idea: dict[str, Any], slug: str | None = None
) -> None:
    """Sign in onto the idea's page and wait until its live subscription is asked for (what
    happens before that is not the page's to show)."""
    subscribed: list[bool] = []
    page.on(
        "websocket",
        lambda socket: socket.on(
            "framesent",
            lambda frame: subscribed.append(True) if "IdeaUpdated" in str(frame) else None,
        ),
    )
    sign_in(page, site, login, then=idea_path(site, idea["id"], slug))
    expect(page.get_by_role("heading", level=1)).to_have_text(idea["title"])
    for _ in range(50):
        if subscribed:
            break
        page.wait_for_timeout(100)
    assert subscribed, "the page never subscribed to the idea's changes"
    page.wait_for_timeout(300)  # the server registers the subscription


def vote_button(page: Page, direction: str) -> Locator:
    return page.get_by_role("button", name=re.compile(rf"^Vote {direction} \(\d+\)$"))


def expect_votes(page: Page, up: int, down: int) -> None:
    expect(page.get_by_role("button", name=f"Vote up ({up})")).to_be_visible()
    expect(page.get_by_role("button", name=f"Vote down ({down})")).to_be_visible()


def comments(page: Page) -> Locator:
    return page.locator(".idea-comment-body")


def test_the_idea_page_shows_the_idea_its_place_tags_and_author(page: Page, site: Site) -> None:
    body = "First paragraph <b>stays text</b>\nsame paragraph\n\nSecond paragraph"
    idea = post_idea(site, site.employee, body=body, tags=["Green Roofs", "energy"])
    open_idea(page, site, site.moderator, idea)
    crumbs = page.get_by_role("navigation", name="Breadcrumbs")
    expect(crumbs.get_by_role("link", name=idea["jam"]["title"])).to_have_attribute(
        "href", f"/jams/{site.slug}"
    )
    expect(crumbs.get_by_role("link", name=idea["forum"]["title"])).to_have_attribute(
        "href", f"/jams/{site.slug}/forums/{idea['forum']['id']}"
    )
    expect(crumbs.locator("[aria-current=page]")).to_have_text(idea["title"])
    paragraphs = page.locator(".idea-body p")
    expect(paragraphs).to_have_count(2)
    expect(paragraphs.first).to_have_text("First paragraph <b>stays text</b>\nsame paragraph")
    expect(page.locator(".idea-body b")).to_have_count(0)
    expect(page.get_by_role("link", name="Ideas tagged green roofs")).to_have_attribute(
        "href", f"/jams/{site.slug}/forums/{idea['forum']['id']}?tag=green%20roofs"
    )
    expect(page.locator(".idea-meta")).to_contain_text(f"By {site.employee.display_name}, posted")
    expect(page.locator(".idea-meta time")).to_have_attribute("datetime", re.compile(r"^\d{4}-"))
    expect(page.get_by_text("No comments yet — be the first.")).to_be_visible()
    expect_votes(page, 0, 0)
    assert_no_axe_violations(page, "on a new idea")
    screenshot(page, "idea-new")


def test_voting_up_raises_the_count_and_pressing_it_again_retracts(page: Page, site: Site) -> None:
    idea = post_idea(site, site.moderator)
    open_idea(page, site, site.employee, idea)
    up = vote_button(page, "up")
    expect(up).to_have_attribute("aria-pressed", "false")
    up.click()
    expect(up).to_have_accessible_name("Vote up (1)")
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".idea-score-value")).to_have_text("1")
    assert_no_axe_violations(page, "after voting up")
    # The other button moves the vote.
    vote_button(page, "down").click()
    expect_votes(page, 0, 1)
    expect(vote_button(page, "down")).to_have_attribute("aria-pressed", "true")
    expect(vote_button(page, "up")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".idea-score-value")).to_have_text("-1")
    # The active one retracts.
    vote_button(page, "down").click()
    expect_votes(page, 0, 0)
    expect(vote_button(page, "down")).to_have_attribute("aria-pressed", "false")
    vote_button(page, "up").click()
    expect_votes(page, 1, 0)
    vote_button(page, "up").click()
    expect_votes(page, 0, 0)
    stored = site.graphql(VOTES, {"id": idea["id"]}, site.employee)["idea"]
    assert stored == {"upvotes": 0, "downvotes": 0, "viewerVote": None}
    page.reload()
    expect_votes(page, 0, 0)


def test_no_opinion_is_a_vote_of_its_own_that_leaves_the_score(page: Page, site: Site) -> None:
    idea = post_idea(site, site.moderator)
    open_idea(page, site, site.employee, idea)
    vote_button(page, "up").click()
    expect_votes(page, 1, 0)
    passing = page.get_by_role("button", name="No opinion (0)")
    passing.click()
    expect(page.get_by_role("button", name="No opinion (1)")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect_votes(page, 0, 0)
    expect(page.locator(".idea-score-value")).to_have_text("0")
    page.reload()
    expect(page.get_by_role("button", name="No opinion (1)")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_no_axe_violations(page, "after passing")


def test_two_people_voting_on_one_idea_see_the_same_counts_live(
    new_page: NewPage, site: Site
) -> None:
    idea = post_idea(site, site.moderator)
    first, second = new_page(), new_page()
    open_idea(first, site, site.employee, idea)
    open_idea(second, site, site.guest, idea)
    vote_button(first, "up").click()
    expect_votes(first, 1, 0)
    expect_votes(second, 1, 0)
    vote_button(second, "down").click()
    expect_votes(second, 1, 1)
    expect_votes(first, 1, 1)
    vote_button(second, "up").click()
    for page in (first, second):
        expect_votes(page, 2, 0)
        expect(page.locator(".idea-score-value")).to_have_text("2")
    # Each page shows its own person's vote.
    expect(vote_button(first, "up")).to_have_attribute("aria-pressed", "true")
    expect(vote_button(second, "up")).to_have_attribute("aria-pressed", "true")
    vote_button(first, "up").click()
    expect_votes(second, 1, 0)
    expect(vote_button(second, "up")).to_have_attribute("aria-pressed", "true")


def new_live_jam(site: Site) -> dict[str, Any]:
    """A live jam of its own (the test closes it), joined by the employee."""
    now = datetime.now(UTC)
    made = site.graphql(
        "mutation($i: CreateJamInput!) { createJam(input: $i) "
        "{ jam { id slug } errors { code } } }",
        {
            "i": {
                "title": f"Jam {uuid.uuid4().hex[:6]}",
                "startsAt": (now - timedelta(hours=1)).isoformat(),
                "endsAt": (now + timedelta(hours=5)).isoformat(),
                "forums": [{"title": "Ideas", "question": "What should we try?"}],
            }
        },
        site.admin,
    )["createJam"]
    assert made["jam"], made
    site.graphql(
        "mutation($i: JoinJamInput!) { joinJam(input: $i) { errors { code } } }",
        {"i": {"jamId": made["jam"]["id"]}},
        site.employee,
    )
    return dict(made["jam"])


def test_a_vote_the_server_refuses_rolls_back_and_says_why(page: Page, site: Site) -> None:
    jam = new_live_jam(site)
    idea = post_idea(site, site.employee, slug=jam["slug"])
    open_idea(page, site, site.employee, idea, slug=jam["slug"])
    expect_votes(page, 0, 0)
    # A moderator mutes the voter while the page is open: the page still offers the vote (a
    # mute is not broadcast to the page), the server refuses.
    viewer = site.graphql("{ viewer { id } }", None, site.employee)["viewer"]["id"]
    muted = site.graphql(
        "mutation($i: MuteMemberInput!) { muteMember(input: $i) { errors { code } } }",
        {"i": {"jamId": jam["id"], "userId": viewer, "minutes": 60, "reason": "Cool off"}},
        site.admin,
    )["muteMember"]
    assert muted["errors"] == [], muted
    vote_button(page, "up").click()
    alert = page.locator(".idea-votes [role=alert]")
    expect(alert).to_have_text(
        "A moderator has muted you in this jam: you can read, but not post, comment, vote or "
        "flag until the mute ends."
    )
    expect_votes(page, 0, 0)
    expect(vote_button(page, "up")).to_have_attribute("aria-pressed", "false")
    assert_no_axe_violations(page, "after a refused vote")
    screenshot(page, "idea-vote-refused")


def test_a_closed_jams_idea_is_read_only_and_says_why(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee, then=idea_path(site, site.closed_idea_id, site.closed_slug))
    expect(page.get_by_role("heading", level=1)).to_have_text("Keep the archive open to read")
    expect(
        page.get_by_text(re.compile(r"^This jam closed on .+: ideas can be read"))
    ).to_be_visible()
    expect(vote_button(page, "up")).to_be_disabled()
    expect(vote_button(page, "down")).to_be_disabled()
    expect(page.get_by_label("Your comment")).to_have_count(0)
    expect(page.get_by_role("button", name="Edit your idea")).to_have_count(0)
    expect(page.get_by_text("No comments.", exact=True)).to_be_visible()
    # Pressing a disabled button does nothing; the API refuses the vote anyway.
    vote_button(page, "up").click(force=True)
    expect_votes(page, 0, 0)
    refused = graphql_in_page(
        page,
        "mutation($i: VoteInput!) { vote(input: $i) { idea { id } errors { code } } }",
        {"i": {"ideaId": site.closed_idea_id, "value": "UP"}},
    )
    assert refused["data"]["vote"] == {"idea": None, "errors": [{"code": "JAM_NOT_LIVE"}]}
    assert_no_axe_violations(page, "on a closed jam's idea")
    screenshot(page, "idea-closed")


def test_a_comment_and_a_reply_show_threaded(page: Page, site: Site) -> None:
    idea = post_idea(site, site.moderator)
    open_idea(page, site, site.employee, idea)
    page.get_by_label("Your comment").fill("A first thought\n\nin two paragraphs")
    page.get_by_role("button", name="Post comment").click()
    expect(comments(page)).to_have_count(1)
    expect(comments(page).first.locator("p")).to_have_text(["A first thought", "in two paragraphs"])
    expect(page.get_by_label("Your comment")).to_have_value("")
    expect(page.get_by_role("heading", level=2, name="Comments (1)")).to_be_visible()
    reply = page.get_by_role("button", name=f"Reply to {site.employee.display_name}").first
    # The reply form opens under the comment with the cursor in it; Escape closes it.
    reply.click()
    reply_box = page.get_by_label(f"Your reply to {site.employee.display_name}")
    expect(reply_box).to_be_focused()
    expect(reply).to_have_attribute("aria-expanded", "true")
    assert_no_axe_violations(page, "with a reply form open")
    page.keyboard.press("Escape")
    expect(reply_box).to_have_count(0)
    expect(reply).to_be_focused()
    reply.click()
    reply_box.fill("A reply to it")
    page.get_by_role("button", name="Post reply").click()
    threaded = page.locator(".idea-thread > .idea-comment").first.locator(
        ".idea-replies .idea-comment-body"
    )
    expect(threaded).to_have_text(["A reply to it"])
    expect(reply).to_be_focused()
    expect(comments(page)).to_have_count(2)
    expect(page.get_by_role("heading", level=2, name="Comments (2)")).to_be_visible()
    # A second top-level comment, then newest first puts it on top.
    page.get_by_label("Your comment").fill("A later thought")
    page.get_by_role("button", name="Post comment").click()
    expect(comments(page)).to_have_text(
        ["A first thoughtin two paragraphs", "A reply to it", "A later thought"]
    )
    page.locator("label", has_text="Newest first").click()
    expect(page.get_by_role("radio", name="Newest first")).to_be_checked()
    expect(comments(page)).to_have_text(
        ["A later thought", "A first thoughtin two paragraphs", "A reply to it"]
    )
    assert_no_axe_violations(page, "with comments and a reply")
    screenshot(page, "idea-comments")
    page.reload()
    expect(comments(page)).to_have_count(3)


def test_another_persons_comment_arrives_live_and_is_announced(
    new_page: NewPage, site: Site
) -> None:
    idea = post_idea(site, site.moderator)
    watcher, other = new_page(), new_page()
    open_idea(watcher, site, site.employee, idea)
    expect(watcher.get_by_text("No comments yet — be the first.")).to_be_visible()
    sign_in_quietly(other, site.guest)
    other.goto(idea_path(site, idea["id"]))
    posted = graphql_in_page(
        other,
        COMMENT,
        {
            "i": {
                "ideaId": idea["id"],
                "body": "Seen from elsewhere",
                "idempotencyKey": str(uuid.uuid4()),
            }
        },
    )["data"]["addComment"]
    assert posted["errors"] == [], posted
    expect(comments(watcher)).to_have_text(["Seen from elsewhere"])
    expect(watcher.get_by_role("status").filter(has_text="New comment from")).to_have_text(
        f"New comment from {site.guest.display_name}"
    )
    expect(watcher.get_by_role("heading", level=2, name="Comments (1)")).to_be_visible()
    # A reply to it lands under it, once.
    graphql_in_page(
        other,
        COMMENT,
        {"i": {"ideaId": idea["id"], "body": "And a reply", "parentId": posted["comment"]["id"]}},
    )
    expect(watcher.locator(".idea-replies .idea-comment-body")).to_have_text(["And a reply"])
    # The viewer's own comment shows once, though both its answer and the live event bring it.
    watcher.get_by_label("Your comment").fill("Mine")
    watcher.get_by_role("button", name="Post comment").click()
    expect(comments(watcher)).to_have_text(["Seen from elsewhere", "And a reply", "Mine"])
    watcher.wait_for_timeout(500)
    expect(comments(watcher)).to_have_count(3)
    expect(comments(other)).to_have_text(["Seen from elsewhere", "And a reply", "Mine"])
    assert_no_axe_violations(watcher, "after live comments")


def test_the_author_edits_their_idea_and_cancel_leaves_it_as_it_was(page: Page, site: Site) -> None:
    idea = post_idea(site, site.employee, tags=["first"])
    open_idea(page, site, site.employee, idea)
    edit = page.get_by_role("button", name="Edit your idea")
    edit.click()
    expect(page.get_by_role("textbox", name="Title")).to_have_value(idea["title"])
    expect(page.get_by_role("textbox", name="Your idea")).to_have_value("Body.")
    expect(page.get_by_role("textbox", name="Tags")).to_have_value("first")
    page.get_by_role("textbox", name="Title").fill("Changed, then cancelled")
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(idea["title"])
    expect(edit).to_be_focused()
    edit.click()
    expect(page.get_by_role("textbox", name="Title")).to_have_value(idea["title"])
    # Errors by field: too many tags (checked here), an empty title (the browser's check).
    page.get_by_role("textbox", name="Tags").fill(", ".join(f"t{n}" for n in range(11)))
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("At most 10 tags.")).to_be_visible()
    assert_no_axe_violations(page, "on the edit form with an error")
    screenshot(page, "idea-edit-error")
    page.get_by_role("textbox", name="Title").fill(f"{idea['title']} (better)")
    page.get_by_role("textbox", name="Your idea").fill(
        "A clearer body.\n\nWith a second paragraph."
    )
    page.get_by_role("textbox", name="Tags").fill("first, Second One")
    page.get_by_role("button", name="Save changes").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"{idea['title']} (better)")
    expect(heading).to_be_focused()
    expect(page.locator(".idea-body p")).to_have_text(
        ["A clearer body.", "With a second paragraph."]
    )
    expect(page.locator(".idea-tags .tag")).to_have_text(["first", "second one"])
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{idea['title']} (better)")


def test_only_the_author_may_edit(page: Page, site: Site) -> None:
    idea = post_idea(site, site.moderator)
    open_idea(page, site, site.employee, idea)
    expect(vote_button(page, "up")).to_be_enabled()
    expect(page.get_by_role("button", name="Edit your idea")).to_have_count(0)


def test_an_unknown_or_hidden_idea_is_not_found_and_moderators_see_it_marked(
    new_page: NewPage, site: Site
) -> None:
    idea = post_idea(site, site.employee)
    site.graphql(
        "mutation($i: SetIdeaHiddenInput!) { setIdeaHidden(input: $i) { errors { code } } }",
        {"i": {"ideaId": idea["id"], "hidden": True}},
        site.moderator,
    )
    participant = new_page()  # not its author, who still sees it, with why it is hidden
    sign_in(participant, site, site.guest, then=idea_path(site, idea["id"]))
    expect(participant.get_by_role("heading", level=1)).to_have_text("Idea not found")
    expect(
        participant.get_by_text("This idea does not exist, or a moderator has hidden it.")
    ).to_be_visible()
    expect(participant.get_by_role("link", name="Back to the jam")).to_have_attribute(
        "href", f"/jams/{site.slug}"
    )
    assert_no_axe_violations(participant, "on an idea not found")
    participant.goto(idea_path(site, "999999"))
    expect(participant.get_by_role("heading", level=1)).to_have_text("Idea not found")
    moderator = new_page()
    open_idea(moderator, site, site.moderator, idea)
    expect(moderator.get_by_text("Hidden from participants")).to_be_visible()
    assert_no_axe_violations(moderator, "on a hidden idea, as a moderator")


def test_an_idea_hidden_while_open_leaves_the_page(page: Page, site: Site) -> None:
    idea = post_idea(site, site.moderator)
    open_idea(page, site, site.employee, idea)
    site.graphql(
        "mutation($i: SetIdeaHiddenInput!) { setIdeaHidden(input: $i) { errors { code } } }",
        {"i": {"ideaId": idea["id"], "hidden": True}},
        site.moderator,
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Idea not found")


def test_the_idea_page_speaks_spanish(new_page: NewPage, site: Site) -> None:
    idea = post_idea(site, site.moderator, tags=["energía"])
    page = new_page(locale="es-ES")
    sign_in_quietly(page, site.employee)
    page.goto(idea_path(site, idea["id"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(idea["title"])
    expect(page.get_by_role("heading", level=2, name="Comentarios (0)")).to_be_visible()
    expect(page.get_by_text("Todavía no hay comentarios")).to_be_visible()
    expect(page.locator(".idea-meta")).to_contain_text(
        f"De {site.moderator.display_name}, publicada"
    )
    page.get_by_role("button", name="Votar a favor (0)").click()
    expect(page.get_by_role("button", name="Votar a favor (1)")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_label("Tu comentario").fill("Me gusta")
    page.get_by_role("button", name="Publicar comentario").click()
    expect(
        page.get_by_role("button", name=f"Responder a {site.employee.display_name}")
    ).to_be_visible()
    expect(page.get_by_role("radiogroup", name="Ordenar comentarios")).to_be_visible()
    assert_no_axe_violations(page, "in Spanish")


def test_the_idea_page_speaks_french(new_page: NewPage, site: Site) -> None:
    page = new_page(locale="fr-FR")
    sign_in_quietly(page, site.employee)
    page.goto(idea_path(site, site.closed_idea_id, site.closed_slug))
    expect(page.get_by_text("Cette jam s’est terminée le")).to_be_visible()
    expect(page.get_by_role("button", name="Voter pour (0)")).to_be_disabled()
    expect(page.get_by_role("heading", level=2, name="Commentaires (0)")).to_be_visible()
    expect(page.get_by_text("Aucun commentaire.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Fil d’Ariane")).to_be_visible()
    assert_no_axe_violations(page, "in French")


def test_a_360_px_phone_scrolls_only_down(new_page: NewPage, site: Site) -> None:
    long_word = "Supercalifragilistic" * 6
    idea = post_idea(
        site,
        site.employee,
        title=f"Phone {uuid.uuid4().hex[:6]} {long_word}",
        tags=["a-long-tag-" + "x" * 28],
    )
    phone = new_page(viewport=PHONE)
    sign_in_quietly(phone, site.employee)
    site.graphql(COMMENT, {"i": {"ideaId": idea["id"], "body": long_word}}, site.moderator)
    phone.goto(idea_path(site, idea["id"]))
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Phone")
    expect(comments(phone)).to_have_count(1)
    assert_no_horizontal_scroll(phone)
    phone.get_by_role("button", name=re.compile("^Reply to")).click()
    phone.get_by_role("button", name="Edit your idea").click()
    assert_no_horizontal_scroll(phone)
    assert_no_axe_violations(phone, "on a phone")
    screenshot(phone, "idea-phone")
