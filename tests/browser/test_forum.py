"""The forum page (ideas sorted, searched, filtered by tag, a page at a time, new ones offered
live) and posting an idea (limits, similar ideas, landing on the new idea)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from jam.ranking import wilson_lower_bound
from tests.browser.conftest import PHONE, NewPage
from tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    graphql_in_page,
    screenshot,
    sign_in,
    sign_in_quietly,
)
from tests.browser.site import Site

FORUMS = """query($s: String!) { jam(slug: $s) { id forums { id title question ideaCount } } }"""
IDEAS = """query($s: String!, $f: ID!, $sort: IdeaSort!, $tag: String, $q: String, $first: Int!) {
  jam(slug: $s) { ideas(forumId: $f, sort: $sort, tag: $tag, search: $q, first: $first) {
    totalCount nodes { id title body score tags } } } }"""
POST = """mutation($i: PostIdeaInput!) {
  postIdea(input: $i) { idea { id title } errors { code } } }"""
EVERY_IDEA = """query($s: String!) {
  jam(slug: $s) { ideas(first: 100) { nodes { id title hidden forum { id } } } } }"""


def busiest_forum(site: Site) -> dict[str, Any]:
    """The forum with the most ideas (more than one page of them in the seeded demo)."""
    forums = site.graphql(FORUMS, {"s": site.slug}, site.employee)["jam"]["forums"]
    return dict(max(forums, key=lambda forum: forum["ideaCount"]))


def ideas_of(site: Site, forum_id: str, **filters: Any) -> dict[str, Any]:
    variables = {"s": site.slug, "f": forum_id, "sort": "NEW", "first": 20, **filters}
    return dict(site.graphql(IDEAS, variables, site.employee)["jam"]["ideas"])


def forum_path(site: Site, forum_id: str, query: str = "", *, slug: str | None = None) -> str:
    return f"/jams/{slug or site.slug}/forums/{forum_id}{query}"


def cards(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("#forum-ideas article")


def shown_scores(page: Page) -> list[int]:
    texts = page.locator("#forum-ideas .forum-idea-score").all_inner_texts()
    return [int(re.sub(r"[^\d-]", "", text.replace("−", "-"))) for text in texts]


def shown_votes(page: Page) -> list[tuple[int, int]]:
    """(up, down) of each card, from its "(3 up, 1 down)"."""
    texts = page.locator("#forum-ideas .forum-idea-stats").all_inner_texts()
    return [
        (int(found[1]), int(found[2]))
        for found in (re.search(r"\((\d+) up, (\d+) down\)", text) for text in texts)
        if found
    ]


def open_forum(
    page: Page, site: Site, forum: dict[str, Any], query: str = "", *, with_ideas: bool = True
) -> None:
    sign_in(page, site, site.employee, then=forum_path(site, forum["id"], query))
    expect(page.get_by_role("heading", level=1)).to_have_text(forum["title"])
    if with_ideas:
        expect(cards(page).first).to_be_visible()


def test_the_forum_lists_its_ideas_and_sorting_by_top_orders_them_by_score(
    page: Page, site: Site
) -> None:
    forum = busiest_forum(site)
    open_forum(page, site, forum)
    newest = ideas_of(site, forum["id"])
    expect(
        page.get_by_role("heading", level=2, name=f"{newest['totalCount']} ideas")
    ).to_be_visible()
    expect(page.get_by_text(forum["question"])).to_be_visible()
    expect(cards(page)).to_have_count(20)
    expect(cards(page).first.get_by_role("heading", level=3)).to_have_text(
        newest["nodes"][0]["title"]
    )
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs.get_by_role("link")).to_have_count(2)
    expect(page.get_by_role("link", name="Post an idea")).to_have_attribute(
        "href", f"/jams/{site.slug}/post?forum={forum['id']}"
    )
    assert_no_axe_violations(page, "on the forum, newest first")

    page.get_by_role("radio", name="Top").click()
    expect(page).to_have_url(re.compile(r"\?sort=top$"))
    top = ideas_of(site, forum["id"], sort="TOP")
    expect(cards(page).first.get_by_role("heading", level=3)).to_have_text(top["nodes"][0]["title"])
    # "Top" ranks by the Wilson lower bound of the share of up-votes (jam/ranking.py).
    votes = shown_votes(page)
    assert len(votes) == 20
    bounds = [wilson_lower_bound(up, down) for up, down in votes]
    assert bounds == sorted(bounds, reverse=True), votes
    assert shown_scores(page) == [idea["score"] for idea in top["nodes"]]
    assert [up - down for up, down in votes] == shown_scores(page)
    assert_no_axe_violations(page, "sorted by top")
    screenshot(page, "forum-top")

    page.go_back()
    expect(page.get_by_role("radio", name="Newest")).to_be_checked()
    expect(cards(page).first.get_by_role("heading", level=3)).to_have_text(
        newest["nodes"][0]["title"]
    )


def test_searching_narrows_the_list_and_survives_a_reload(page: Page, site: Site) -> None:
    forum = busiest_forum(site)
    word = ideas_of(site, forum["id"])["nodes"][0]["title"].split()[0].strip(":,.!?")
    expected = ideas_of(site, forum["id"], q=word)
    assert 0 < expected["totalCount"] < forum["ideaCount"]
    open_forum(page, site, forum)
    page.get_by_role("searchbox", name="Search ideas").fill(word)
    expect(page).to_have_url(re.compile(rf"[?&]q={re.escape(word)}"))
    count = expected["totalCount"]
    expect(page.get_by_role("heading", level=2)).to_have_text(
        f"{count} idea" if count == 1 else f"{count} ideas"
    )
    expect(cards(page)).to_have_count(min(count, 20))
    assert_no_axe_violations(page, "with a search")
    page.reload()
    expect(page.get_by_role("searchbox", name="Search ideas")).to_have_value(word)
    expect(cards(page)).to_have_count(min(count, 20))


def test_a_search_that_matches_nothing_says_so_and_offers_to_clear_it(
    page: Page, site: Site
) -> None:
    forum = busiest_forum(site)
    open_forum(page, site, forum, "?q=zzqxv-nothing-like-this", with_ideas=False)
    expect(page.get_by_text("No idea here matches “zzqxv-nothing-like-this”.")).to_be_visible()
    expect(cards(page)).to_have_count(0)
    assert_no_axe_violations(page, "with no match")
    page.get_by_role("button", name="Clear search and filter").click()
    expect(cards(page)).to_have_count(20)
    expect(page.get_by_role("searchbox", name="Search ideas")).to_have_value("")


def test_clicking_a_tag_filters_the_forum_by_it_until_cleared(page: Page, site: Site) -> None:
    forum = busiest_forum(site)
    tag = next(tag for idea in ideas_of(site, forum["id"])["nodes"] for tag in idea["tags"])
    tagged = ideas_of(site, forum["id"], tag=tag)
    open_forum(page, site, forum)
    page.get_by_role("link", name=f"Show ideas tagged {tag}", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"[?&]tag="))
    expect(page.get_by_role("button", name="Clear tag filter")).to_be_visible()
    expect(cards(page)).to_have_count(min(tagged["totalCount"], 20))
    for card in cards(page).all():
        expect(
            card.get_by_role("link", name=f"Show ideas tagged {tag}", exact=True)
        ).to_be_visible()
    assert_no_axe_violations(page, "filtered by a tag")
    page.get_by_role("button", name="Clear tag filter").click()
    expect(page).not_to_have_url(re.compile(r"tag="))
    expect(cards(page)).to_have_count(20)
    page.get_by_label("Filter by tag").fill(tag.upper())
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(cards(page)).to_have_count(min(tagged["totalCount"], 20))


def test_scrolling_to_the_end_loads_the_next_page(page: Page, site: Site) -> None:
    forum = busiest_forum(site)
    assert forum["ideaCount"] > 20
    open_forum(page, site, forum)
    expect(cards(page)).to_have_count(20)
    page.locator(".forum-more").scroll_into_view_if_needed()
    expect(cards(page)).to_have_count(min(forum["ideaCount"], 40))
    expect(page.get_by_role("status").filter(has_text="more idea")).to_have_text(
        re.compile(r"\d+ more ideas? loaded")
    )
    ids = cards(page).evaluate_all("(all) => all.map((card) => card.dataset.ideaId)")
    assert len(ids) == len(set(ids)), "an idea is shown twice"
    assert_no_axe_violations(page, "after loading a second page")


def test_the_show_more_button_loads_the_next_page_from_the_keyboard(page: Page, site: Site) -> None:
    forum = busiest_forum(site)
    open_forum(page, site, forum)
    expect(cards(page)).to_have_count(20)
    button = page.get_by_role("button", name="Show more ideas")
    # Focus without scrolling, so the scroll sentinel stays out of view: only the key loads.
    button.evaluate("(element) => element.focus({ preventScroll: true })")
    assert page.evaluate("() => window.scrollY") == 0
    page.keyboard.press("Enter")
    expect(cards(page)).to_have_count(min(forum["ideaCount"], 40))
    expect(page.get_by_role("status").filter(has_text="more idea")).to_have_text(
        re.compile(r"\d+ more ideas? loaded")
    )


def test_posting_an_idea_lands_on_its_page_and_it_is_in_the_forum(page: Page, site: Site) -> None:
    forum = busiest_forum(site)
    sign_in(page, site, site.employee, then=f"/jams/{site.slug}/post?forum={forum['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Post an idea")
    expect(page.get_by_role("button", name=re.compile("Forum"))).to_contain_text(forum["title"])
    assert_no_axe_violations(page, "on the empty post form")
    title = f"A quiet library corner in every office {uuid.uuid4().hex[:6]}"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your idea").fill(
        "A room without calls or meetings, for reading and deep work."
    )
    page.get_by_label("Tags (optional)").fill("Focus, quiet , focus")
    expect(
        page.get_by_role("list", name="Tags that will be added").get_by_role("listitem")
    ).to_have_text(["focus", "quiet"])
    page.get_by_role("button", name="Post the idea").click()
    expect(page).to_have_url(re.compile(rf"/jams/{site.slug}/ideas/\d+$"))
    idea_id = page.url.rsplit("/", 1)[1]
    page.goto(forum_path(site, forum["id"]))
    first = cards(page).first
    expect(first).to_have_attribute("data-idea-id", idea_id)
    expect(first.get_by_role("heading", level=3)).to_have_text(title)
    expect(first.get_by_role("link", name="Show ideas tagged focus")).to_be_visible()


def test_a_retried_submit_after_a_lost_answer_posts_the_idea_once(page: Page, site: Site) -> None:
    forum = busiest_forum(site)
    sign_in(page, site, site.employee, then=f"/jams/{site.slug}/post?forum={forum['id']}")
    lose_answer = {"on": True}

    def post_then_lose_the_answer(route):  # type: ignore[no-untyped-def]
        if lose_answer["on"] and "PostIdea(" in (route.request.post_data or ""):
            lose_answer["on"] = False
            route.fetch()  # the server posts the idea...
            route.abort()  # ...but the answer never reaches the page
        else:
            route.continue_()

    page.route("**/graphql", post_then_lose_the_answer)
    title = f"Shared umbrellas at the doors {uuid.uuid4().hex[:6]}"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your idea").fill("Borrow one when it rains, leave it at any office.")
    page.get_by_role("button", name="Post the idea").click()
    expect(page.get_by_role("alert")).to_contain_text("The server cannot be reached")
    page.get_by_role("button", name="Post the idea").click()
    expect(page).to_have_url(re.compile(rf"/jams/{site.slug}/ideas/\d+$"))
    same_title = ideas_of(site, forum["id"], q=title)
    assert same_title["totalCount"] == 1, same_title
    assert page.url.endswith(f"/ideas/{same_title['nodes'][0]['id']}")


def test_similar_ideas_already_posted_appear_while_typing(page: Page, site: Site) -> None:
    forum = busiest_forum(site)
    seeded = ideas_of(site, forum["id"], sort="TOP")["nodes"][0]
    sign_in(page, site, site.employee, then=f"/jams/{site.slug}/post?forum={forum['id']}")
    page.get_by_label("Title").fill(seeded["title"])
    page.get_by_label("Your idea").fill(seeded["body"][:300])
    panel = page.locator(".forum-similar")
    expect(panel.get_by_role("heading", name="Similar ideas already posted")).to_be_visible()
    link = panel.get_by_role("link", name=seeded["title"], exact=True).first
    expect(link).to_have_attribute("href", f"/jams/{site.slug}/ideas/{seeded['id']}")
    expect(panel).to_contain_text("% similar")
    assert_no_axe_violations(page, "with similar ideas")
    screenshot(page, "post-similar")


def test_limits_are_checked_before_sending(page: Page, site: Site) -> None:
    forum = busiest_forum(site)
    sign_in(page, site, site.employee, then=f"/jams/{site.slug}/post?forum={forum['id']}")
    title = page.get_by_label("Title")
    title.fill("t" * 250)
    assert len(title.input_value()) == 200  # the field stops at the limit
    expect(page.locator(".counter-near").first).to_contain_text("200 / 200")
    page.get_by_label("Your idea").fill("Long enough body for an idea.")
    page.get_by_label("Tags (optional)").fill("fine, " + "x" * 41)
    page.get_by_role("button", name="Post the idea").click()
    expect(page.get_by_text("A tag is at most 40 characters")).to_be_visible()
    expect(page.get_by_label("Tags (optional)")).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(re.compile(r"/post\?forum="))
    assert_no_axe_violations(page, "with a field error")
    page.get_by_label("Title").fill("   ")
    page.get_by_label("Tags (optional)").fill("fine")
    page.get_by_role("button", name="Post the idea").click()
    expect(page.get_by_text("Give your idea a title.")).to_be_visible()


def test_posting_without_choosing_a_forum_asks_for_one(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee, then=f"/jams/{site.slug}/post")
    page.get_by_label("Title").fill("An idea without a forum")
    page.get_by_label("Your idea").fill("It needs a home before it can be posted.")
    page.get_by_role("button", name="Post the idea").click()
    expect(page.get_by_text("Choose the forum your idea belongs in.")).to_be_visible()
    expect(page).to_have_url(f"{site.base_url}/jams/{site.slug}/post")
    assert_no_axe_violations(page, "with no forum chosen")


def test_someone_who_has_not_joined_is_told_to_join_first(new_page: NewPage, site: Site) -> None:
    page = new_page()
    sign_in_quietly(page, site.moderator)  # an employee who never joined the scheduled jam
    page.goto(f"/jams/{site.scheduled_slug}/post")
    expect(page.get_by_text("You are not a member of this jam yet")).to_be_visible()
    expect(page.get_by_role("link", name="Go to the jam")).to_have_attribute(
        "href", f"/jams/{site.scheduled_slug}"
    )
    expect(page.get_by_label("Title")).to_have_count(0)
    assert_no_axe_violations(page, "for someone who has not joined")


def test_an_idea_posted_elsewhere_is_offered_not_pushed_into_the_list(
    new_page: NewPage, site: Site
) -> None:
    forum = busiest_forum(site)
    reader = new_page()
    open_forum(reader, site, forum)
    first_before = cards(reader).first.get_attribute("data-idea-id")
    writer = new_page()
    sign_in_quietly(writer, site.moderator)
    writer.goto("/")
    title = f"Bike repair stands at every entrance {uuid.uuid4().hex[:6]}"
    answer = graphql_in_page(
        writer,
        POST,
        {"i": {"forumId": forum["id"], "title": title, "body": "Pumps and tools, free to use."}},
    )
    assert answer["data"]["postIdea"]["idea"], answer
    bar = reader.get_by_role("status").filter(has_text="new idea")
    expect(bar).to_contain_text("1 new idea")
    assert cards(reader).first.get_attribute("data-idea-id") == first_before  # nothing moved
    assert_no_axe_violations(reader, "with the new-ideas bar")
    bar.get_by_role("button", name="Show").click()
    new_card = cards(reader).first
    expect(new_card.get_by_role("heading", level=3)).to_have_text(title)
    expect(new_card.get_by_role("link", name=title)).to_be_focused()
    expect(reader.get_by_role("button", name="Show", exact=True)).to_have_count(0)


def test_a_failed_load_says_so_and_retry_recovers(page: Page, site: Site) -> None:
    forum = busiest_forum(site)
    failing = {"on": True}

    def maybe_fail(route):  # type: ignore[no-untyped-def]
        if failing["on"] and "ForumIdeas" in (route.request.post_data or ""):
            route.abort()
        else:
            route.continue_()

    sign_in(page, site, site.employee)
    page.route("**/graphql", maybe_fail)
    page.goto(forum_path(site, forum["id"], "?sort=hot"))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The server cannot be reached")
    assert_no_axe_violations(page, "with a failed load")
    failing["on"] = False
    alert.get_by_role("button", name="Retry").click()
    expect(cards(page)).to_have_count(20)
    expect(page.get_by_role("alert")).to_have_count(0)


def test_moderators_see_hidden_ideas_marked_and_participants_do_not_see_them(
    new_page: NewPage, site: Site
) -> None:
    every = site.graphql(
        EVERY_IDEA,
        {"s": site.slug},
        site.moderator,
    )["jam"]["ideas"]["nodes"]
    hidden = next(idea for idea in every if idea["hidden"])
    path = forum_path(site, hidden["forum"]["id"], f"?q={hidden['title'][:20]}")
    moderator = new_page()
    sign_in_quietly(moderator, site.moderator)
    moderator.goto(path)
    card = moderator.locator(f"[data-idea-id='{hidden['id']}']")
    expect(card.get_by_text("Hidden", exact=True)).to_be_visible()
    assert_no_axe_violations(moderator, "with a hidden idea, as a moderator")
    participant = new_page()
    sign_in_quietly(participant, site.employee)
    participant.goto(path)
    expect(participant.get_by_role("heading", level=1)).to_be_visible()
    expect(participant.get_by_role("heading", level=2)).not_to_have_text("Ideas")
    expect(participant.locator(f"[data-idea-id='{hidden['id']}']")).to_have_count(0)


def test_after_the_connection_comes_back_the_list_is_fetched_again(
    new_page: NewPage, site: Site
) -> None:
    forum = busiest_forum(site)
    reader = new_page()
    link = {"up": True, "sockets": []}

    def relay(socket):  # type: ignore[no-untyped-def]
        if not link["up"]:
            socket.close()  # the server stays out of reach
            return
        link["sockets"].append(socket)
        socket.connect_to_server()

    reader.route_web_socket(re.compile(r"/graphql$"), relay)
    open_forum(reader, site, forum)
    expect(reader.get_by_role("status").filter(has_text="Connection lost")).to_have_count(0)
    link["up"] = False
    for socket in link["sockets"]:
        socket.close()
    expect(reader.get_by_text("Connection lost")).to_be_visible()
    title = f"Posted while the reader was offline {uuid.uuid4().hex[:6]}"
    site.graphql(
        POST,
        {"i": {"forumId": forum["id"], "title": title, "body": "Missed by the stream."}},
        site.moderator,
    )
    link["up"] = True
    expect(reader.get_by_text("Connection lost")).to_have_count(0, timeout=20_000)
    expect(cards(reader).first.get_by_role("heading", level=3)).to_have_text(title)


def test_an_idea_hidden_by_a_moderator_leaves_the_list_live(new_page: NewPage, site: Site) -> None:
    forum = busiest_forum(site)
    posted = site.graphql(
        POST,
        {"i": {"forumId": forum["id"], "title": "Soon hidden idea", "body": "Off topic text."}},
        site.employee,
    )["postIdea"]["idea"]
    reader = new_page()
    open_forum(reader, site, forum)
    card = reader.locator(f"[data-idea-id='{posted['id']}']")
    expect(card).to_be_visible()
    site.graphql(
        "mutation($i: SetIdeaHiddenInput!) { setIdeaHidden(input: $i) { errors { code } } }",
        {"i": {"ideaId": posted["id"], "hidden": True}},
        site.moderator,
    )
    expect(card).to_have_count(0)
    expect(cards(reader).first).to_be_visible()


def test_a_closed_jam_is_read_only(page: Page, site: Site) -> None:
    forums = site.graphql(FORUMS, {"s": site.closed_slug}, site.employee)["jam"]["forums"]
    sign_in(
        page, site, site.employee, then=forum_path(site, forums[0]["id"], slug=site.closed_slug)
    )
    expect(page.get_by_text("This jam is closed")).to_be_visible()
    expect(cards(page)).to_have_count(1)
    expect(page.get_by_role("link", name="Post an idea")).to_have_count(0)
    assert_no_axe_violations(page, "on a closed jam's forum")
    page.goto(f"/jams/{site.closed_slug}/post")
    expect(page.get_by_text("This jam is closed: no new ideas can be posted.")).to_be_visible()
    expect(page.get_by_role("button", name="Post the idea")).to_have_count(0)
    assert_no_axe_violations(page, "on a closed jam's post page")


def test_a_scheduled_jam_says_when_posting_opens(page: Page, site: Site) -> None:
    forums = site.graphql(FORUMS, {"s": site.scheduled_slug}, site.employee)["jam"]["forums"]
    path = f"/jams/{site.scheduled_slug}/forums/{forums[0]['id']}"
    sign_in(page, site, site.employee, then=path)
    expect(page.get_by_text("This jam has not started: ideas can be posted from")).to_be_visible()
    expect(page.get_by_text("No ideas in this forum yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Be the first: post an idea")).to_have_count(0)
    assert_no_axe_violations(page, "on a scheduled jam's empty forum")


@pytest.mark.parametrize(
    ("locale", "sort_label", "newest", "title", "post"),
    [
        ("es", "Ordenar por", "Más recientes", "Título", "Publicar la idea"),
        ("fr", "Trier par", "Plus récentes", "Titre", "Publier l’idée"),
    ],
)
def test_the_forum_and_the_form_speak_spanish_and_french(
    new_page: NewPage, site: Site, locale: str, sort_label: str, newest: str, title: str, post: str
) -> None:
    forum = busiest_forum(site)
    page = new_page(locale=locale)
    sign_in_quietly(page, site.employee)
    page.goto(forum_path(site, forum["id"]))
    expect(page.get_by_text(sort_label)).to_be_visible()
    expect(page.get_by_role("radio", name=newest)).to_be_checked()
    word = "ideas" if locale == "es" else "idées"
    expect(page.get_by_role("heading", level=2)).to_have_text(re.compile(rf"^\d+ {word}$"))
    assert_no_axe_violations(page, f"on the forum in {locale}")
    page.locator(f"a[href='/jams/{site.slug}/post?forum={forum['id']}']").first.click()
    expect(page.get_by_label(title)).to_be_visible()
    expect(page.get_by_role("button", name=post)).to_be_visible()
    assert_no_axe_violations(page, f"on the post form in {locale}")
    screenshot(page, f"post-{locale}")


def test_the_forum_and_the_form_fit_a_phone(new_page: NewPage, site: Site) -> None:
    forum = busiest_forum(site)
    phone = new_page(viewport=PHONE)
    sign_in(phone, site, site.employee, then=forum_path(site, forum["id"], "?sort=hot"))
    expect(cards(phone).first).to_be_visible()
    assert_no_horizontal_scroll(phone)
    assert_no_axe_violations(phone, "on a phone")
    screenshot(phone, "forum-phone")
    phone.goto(f"/jams/{site.slug}/post?forum={forum['id']}")
    phone.get_by_label("Title").fill("W" * 200)
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "post-phone")
