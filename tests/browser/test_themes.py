"""The themes page: the jam's themes as a list (sizes, key words, the ideas that say it best),
the theme map (a canvas of every idea, coloured by theme, with a legend, pointing and clicking,
keyboard panning) and its list alternative, live refits, Spanish and French, and a phone."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
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
from tests.browser.site import Site, start_site

THEMES_QUERY = """
query($s: String!) {
  jam(slug: $s) {
    id
    themes {
      id version ideaCount
      themes { id label size representativeIdeas { id title } }
      map(first: 5000) { points { ideaId themeId } }
    }
  }
}
"""
# Ideas per theme and page in the list view (src/themes/ThemeIdeaList.tsx).
PAGE = 8
MAP_COMPLETE = "() => !!(window.__jamThemeMap && window.__jamThemeMap.complete)"
# Pixels of the canvas that are not its background (#1b1f24): the drawn points and labels.
DRAWN_PIXELS = """() => {
  const canvas = document.querySelector("canvas.themes-map-canvas");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - 0x1b) + Math.abs(data[i + 1] - 0x1f) + Math.abs(data[i + 2] - 0x24) > 30) drawn++;
  }
  return drawn;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A site of this module's own: on the shared one, other tests' ideas set off refits
    that redraw the map (and renumber the themes) in the middle of a test here."""
    directory = tmp_path_factory.mktemp("themes-site")
    started = start_site(directory)
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(directory, ignore_errors=True)


def snapshot_of(site: Site, slug: str | None = None) -> dict[str, Any]:
    return site.graphql(THEMES_QUERY, {"s": slug or site.slug}, site.employee)["jam"]["themes"]


def open_themes(page: Page, site: Site, slug: str | None = None) -> None:
    sign_in_quietly(page, site.employee)
    page.goto(f"/jams/{slug or site.slug}/themes")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def open_map(page: Page, site: Site) -> None:
    open_themes(page, site)
    page.wait_for_function(MAP_COMPLETE)


def point_on_screen(page: Page, idea_id: str) -> dict[str, float]:
    """Where the map draws this idea (the page's own projection), scrolled into view."""
    page.locator("canvas.themes-map-canvas").scroll_into_view_if_needed()
    found = page.evaluate("(id) => window.__jamThemeMap.pointOnScreen(id)", idea_id)
    assert found is not None, f"idea {idea_id} is not on the map"
    return found


def test_the_themes_list_shows_each_theme_with_its_size_key_words_and_best_ideas(
    page: Page, site: Site
) -> None:
    snapshot = snapshot_of(site)
    assert snapshot is not None and snapshot["themes"], "the demo jam has themes once seeded"
    open_themes(page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes")
    count = len(snapshot["themes"])
    expect(page.locator(".themes-summary")).to_contain_text(
        f"{count} themes found in {snapshot['ideaCount']} ideas"
    )
    expect(page.locator(".themes-summary time")).to_contain_text(re.compile(r"ago|now"))
    cards = page.locator(".themes-list > li")
    expect(cards).to_have_count(count)
    for index, theme in enumerate(snapshot["themes"][:3]):
        card = cards.nth(index)
        expect(card.get_by_role("heading", level=3)).to_have_text(theme["label"])
        expect(card).to_contain_text(f"{theme['size']} idea" + ("" if theme["size"] == 1 else "s"))
        links = card.locator(".themes-card-ideas a")
        best = theme["representativeIdeas"][:3]
        expect(links).to_have_count(len(best))
        for link, idea in zip(links.all(), best, strict=True):
            expect(link).to_have_text(idea["title"])
            expect(link).to_have_attribute("href", f"/jams/{site.slug}/ideas/{idea['id']}")
    assert_no_axe_violations(page, "on the themes list")
    screenshot(page, "themes-list")


def test_a_best_idea_link_opens_the_idea(page: Page, site: Site) -> None:
    idea = snapshot_of(site)["themes"][0]["representativeIdeas"][0]
    open_themes(page, site)
    page.locator(".themes-list > li").first.get_by_role("link", name=idea["title"]).first.click()
    expect(page).to_have_url(f"{site.base_url}/jams/{site.slug}/ideas/{idea['id']}")


def test_the_map_draws_every_idea_and_the_legend_names_each_theme(page: Page, site: Site) -> None:
    snapshot = snapshot_of(site)
    open_map(page, site)
    points = len(snapshot["map"]["points"])
    themes = len(snapshot["themes"])
    canvas = page.get_by_role("img", name=f"Map of {points} ideas in {themes} themes")
    expect(canvas).to_be_visible()
    assert page.evaluate("() => window.__jamThemeMap.count") == points
    assert page.evaluate(DRAWN_PIXELS) > points, "the canvas shows the points"
    legend = page.get_by_role("radiogroup", name="Highlight a theme on the map")
    for theme in snapshot["themes"]:
        expect(legend.get_by_role("radio", name=theme["label"], exact=False).first).to_be_visible()
    unthemed = sum(1 for point in snapshot["map"]["points"] if point["themeId"] is None)
    expect(legend.get_by_role("radio", name="No theme")).to_have_count(1 if unthemed else 0)
    assert_no_axe_violations(page, "on the theme map")
    screenshot(page, "themes-map")


def test_choosing_a_theme_in_the_legend_highlights_it(page: Page, site: Site) -> None:
    theme = snapshot_of(site)["themes"][0]
    open_map(page, site)
    before = page.evaluate(DRAWN_PIXELS)
    radio = page.get_by_role("radio", name=theme["label"]).first
    radio.click()
    expect(radio).to_be_checked()
    page.wait_for_function(f"() => ({DRAWN_PIXELS})() !== {before}")
    radio.click()
    expect(radio).not_to_be_checked()
    assert_no_axe_violations(page, "with a theme highlighted")


def test_pointing_at_a_point_shows_its_theme_and_title_and_clicking_opens_the_idea(
    page: Page, site: Site
) -> None:
    snapshot = snapshot_of(site)
    theme = snapshot["themes"][0]
    idea = theme["representativeIdeas"][0]
    open_map(page, site)
    spot = point_on_screen(page, idea["id"])
    # Points may overlap: the idea the map's own hit test finds there is the one to expect.
    expected = page.evaluate(
        "([x, y]) => window.__jamThemeMap.ideaAt(x, y)", [spot["x"], spot["y"]]
    )
    assert expected is not None
    title = site.graphql(
        "query($id: ID!) { idea(id: $id) { title } }", {"id": expected}, site.employee
    )["idea"]["title"]
    page.mouse.move(spot["x"], spot["y"])
    tooltip = page.locator(".themes-map-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(title)
    page.mouse.click(spot["x"], spot["y"])
    expect(page).to_have_url(f"{site.base_url}/jams/{site.slug}/ideas/{expected}")


def test_the_map_is_focusable_and_the_keyboard_pans_zooms_and_opens(page: Page, site: Site) -> None:
    idea = snapshot_of(site)["themes"][0]["representativeIdeas"][0]
    open_map(page, site)
    canvas = page.locator("canvas.themes-map-canvas")
    expect(canvas).to_have_attribute("tabindex", "0")
    expect(canvas).to_have_attribute("aria-describedby", "themes-map-help")
    expect(page.locator("#themes-map-help")).to_contain_text("arrow keys")
    # Tab reaches the map from the zoom controls before it.
    page.get_by_role("button", name="Show everything").focus()
    page.keyboard.press("Tab")
    expect(canvas).to_be_focused()
    before = point_on_screen(page, idea["id"])
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    after = page.evaluate("(id) => window.__jamThemeMap.pointOnScreen(id)", idea["id"])
    assert abs(after["x"] - before["x"] - 60) < 0.5 and abs(after["y"] - before["y"] - 60) < 0.5, (
        before,
        after,
    )
    page.keyboard.press("+")
    zoomed = page.evaluate("(id) => window.__jamThemeMap.pointOnScreen(id)", idea["id"])
    assert zoomed != after
    page.keyboard.press("0")
    reset = page.evaluate("(id) => window.__jamThemeMap.pointOnScreen(id)", idea["id"])
    assert abs(reset["x"] - before["x"]) < 1 and abs(reset["y"] - before["y"]) < 1
    assert_no_axe_violations(page, "with the map focused")
    # Bring the idea under the cross (the canvas's centre) and press Enter.
    box = canvas.bounding_box()
    assert box is not None
    centre = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    page.mouse.move(before["x"], before["y"])
    page.mouse.down()
    page.mouse.move(centre["x"], centre["y"], steps=5)
    page.mouse.up()
    canvas.focus()
    expected = page.evaluate(
        "([x, y]) => window.__jamThemeMap.ideaAt(x, y)", [centre["x"], centre["y"]]
    )
    assert expected is not None
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site.base_url}/jams/{site.slug}/ideas/{expected}")


def test_the_buttons_zoom_and_show_everything(page: Page, site: Site) -> None:
    idea = snapshot_of(site)["themes"][0]["representativeIdeas"][0]
    open_map(page, site)
    fitted = point_on_screen(page, idea["id"])
    page.get_by_role("button", name="Zoom in").click()
    zoomed = page.evaluate("(id) => window.__jamThemeMap.pointOnScreen(id)", idea["id"])
    assert zoomed != fitted
    page.get_by_role("button", name="Show everything").click()
    again = page.evaluate("(id) => window.__jamThemeMap.pointOnScreen(id)", idea["id"])
    assert abs(again["x"] - fitted["x"]) < 1 and abs(again["y"] - fitted["y"]) < 1


def test_show_as_a_list_lists_every_theme_with_links_to_its_ideas(page: Page, site: Site) -> None:
    snapshot = snapshot_of(site)
    by_theme: dict[int | None, list[str]] = {}
    for point in snapshot["map"]["points"]:
        by_theme.setdefault(point["themeId"], []).append(point["ideaId"])
    open_map(page, site)
    toggle = page.get_by_role("button", name="Show as a list")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("canvas.themes-map-canvas")).to_be_hidden()
    groups = page.locator(".themes-idea-group")
    expect(groups).to_have_count(len(snapshot["themes"]) + (1 if None in by_theme else 0))
    for index, theme in enumerate(snapshot["themes"]):
        group = groups.nth(index)
        expect(group.get_by_role("heading", level=3)).to_have_text(f"{index + 1}. {theme['label']}")
        links = group.get_by_role("link")
        # Its ideas on the map: those of the last fit and those placed in it since.
        expect(links).to_have_count(min(len(by_theme[theme["id"]]), PAGE))
        for href in links.evaluate_all("(links) => links.map((link) => link.getAttribute('href'))"):
            assert href.rsplit("/", 1)[1] in by_theme[theme["id"]], href
    assert_no_axe_violations(page, "on the themes as a list")
    # The largest theme has more than a page of ideas: the rest come on request.
    largest = snapshot["themes"][0]
    assert largest["size"] > PAGE, "the demo's largest theme has more than a page of ideas"
    group = groups.first
    expect(group.get_by_role("button", name=re.compile("^Show more ideas"))).to_have_count(1)
    group.get_by_role("button", name=re.compile("^Show more ideas")).click()
    expect(group.get_by_role("link")).to_have_count(min(largest["size"], 2 * PAGE))
    hrefs = group.get_by_role("link").evaluate_all(
        "(links) => links.map((link) => link.getAttribute('href'))"
    )
    assert len(set(hrefs)) == len(hrefs), "no idea twice"
    assert all(href.rsplit("/", 1)[1] in by_theme[largest["id"]] for href in hrefs)
    toggle.click()
    expect(page.locator("canvas.themes-map-canvas")).to_be_visible()


def test_a_jam_without_themes_says_so(page: Page, site: Site) -> None:
    assert snapshot_of(site, site.closed_slug) is None, "the closed jam (one idea) has no themes"
    open_themes(page, site, site.closed_slug)
    expect(page.locator(".themes-empty")).to_contain_text("closed without themes")
    # The jam is closed: nothing invites to post.
    expect(page.get_by_role("link", name="Post an idea")).to_have_count(0)
    assert_no_axe_violations(page, "on a closed jam without themes")


def test_a_scheduled_jam_says_when_it_opens(page: Page, site: Site) -> None:
    open_themes(page, site, site.scheduled_slug)
    expect(page.locator(".themes-empty")).to_contain_text("this jam opens on")
    expect(page.get_by_role("link", name="Post an idea")).to_have_count(0)
    assert_no_axe_violations(page, "on a scheduled jam")


def test_an_unknown_jam_says_it_cannot_be_found(page: Page, site: Site) -> None:
    open_themes(page, site, "no-such-jam")
    expect(page.locator(".empty")).to_contain_text("does not exist")
    expect(page.get_by_role("link", name="See your jams")).to_be_visible()


def test_a_refit_while_the_page_is_open_shows_the_new_themes(page: Page, site: Site) -> None:
    snapshot = snapshot_of(site)
    open_map(page, site)
    jam_id = site.graphql(
        "query($s: String!) { jam(slug: $s) { id } }", {"s": site.slug}, site.moderator
    )["jam"]["id"]
    asked = site.graphql(
        "mutation($i: RecomputeThemesInput!) { recomputeThemes(input: $i) { job { id } errors { code } } }",
        {"i": {"jamId": jam_id}},
        site.moderator,
    )["recomputeThemes"]
    assert asked["errors"] == [], asked
    job = asked["job"]["id"]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        status = site.graphql(
            "query($id: ID!) { job(id: $id) { status error } }", {"id": job}, site.moderator
        )["job"]
        if status["status"] not in ("QUEUED", "RUNNING"):
            break
        time.sleep(0.5)
    assert status["status"] == "DONE", status
    assert snapshot_of(site)["version"] > snapshot["version"], "the refit made a new version"
    expect(
        page.get_by_role("status").filter(has_text="The themes were just updated.")
    ).to_be_visible()
    page.wait_for_function(MAP_COMPLETE)
    assert_no_axe_violations(page, "after a refit")


def test_the_themes_page_speaks_spanish(new_page: NewPage, site: Site) -> None:
    snapshot = snapshot_of(site)
    page = new_page(locale="es")
    open_map(page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Temas")
    expect(page.get_by_role("heading", name="Mapa de temas")).to_be_visible()
    points = len(snapshot["map"]["points"])
    expect(
        page.get_by_role("img", name=f"Mapa de {points} ideas en {len(snapshot['themes'])} temas")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Mostrar como lista")).to_be_visible()
    expect(page.locator(".themes-summary")).to_contain_text("temas encontrados en")
    expect(page.locator(".themes-summary time")).to_contain_text(re.compile("hace|ahora"))
    expect(page.locator(".themes-list > li").first).to_contain_text(
        "Las ideas que mejor lo expresan"
    )
    assert_no_axe_violations(page, "in Spanish")


def test_the_themes_page_speaks_french(new_page: NewPage, site: Site) -> None:
    snapshot = snapshot_of(site)
    page = new_page(locale="fr")
    open_map(page, site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thèmes")
    points = len(snapshot["map"]["points"])
    expect(
        page.get_by_role("img", name=f"Carte de {points} idées en {len(snapshot['themes'])} thèmes")
    ).to_be_visible()
    page.get_by_role("button", name="Afficher sous forme de liste").click()
    expect(page.locator(".themes-idea-group").first).to_contain_text("idées")
    expect(
        page.get_by_role("heading", name="Tous les thèmes, du plus grand au plus petit")
    ).to_be_visible()
    assert_no_axe_violations(page, "in French")


def test_a_360_px_phone_scrolls_only_down(new_page: NewPage, site: Site) -> None:
    page = new_page(viewport=PHONE)
    open_map(page, site)
    assert_no_horizontal_scroll(page)
    assert page.evaluate(DRAWN_PIXELS) > 0
    assert_no_axe_violations(page, "on a phone")
    screenshot(page, "themes-phone")
    page.get_by_role("button", name="Show as a list").click()
    expect(page.locator(".themes-idea-group").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page, "on a phone, as a list")
