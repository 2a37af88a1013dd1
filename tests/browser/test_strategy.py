"""The strategy workspace (/jams/:slug/strategy): the themes with their sizes over time, the
opinion groups and their map (and its table), who backs which themes by opinion group and by
population, two versions of the themes compared, exports; "Analyse now" and the live update
when the job is done; the refusal for participants, Spanish and French, a 360 px phone, and
hostile titles and labels that stay text. On a site of this module's own: its theme refits and
analyses would move other tests' data, and theirs would move these."""

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
from tests.browser.site import Login, Site, start_site

TABS = ["", "/opinions", "/backing", "/compare", "/export"]
HOSTILE = '<img src=x onerror="window.__xss=1"><b>not bold</b> <0>x</0>'

OPINIONS_QUERY = """
query($s: String!) {
  jam(slug: $s) {
    opinionGroups {
      id createdAt status voterCount placedCount viewerGroup
      groups { id size }
      map { x y size group }
      viewerPoint { x y }
      themeBacking {
        groups
        themes { themeId themeLabel splits cells { group backs opposes } }
        splitting { themeId }
      }
    }
  }
}
"""
POPULATION_QUERY = """
query($s: String!, $p: Population!) {
  jam(slug: $s) {
    opinionGroups {
      populationBacking(population: $p) { groups themes { themeId } }
      participation(population: $p) { themeId value }
    }
  }
}
"""
THEMES_QUERY = """
query($s: String!) {
  jam(slug: $s) {
    id
    themes {
      themes { id label size ideas(first: 50) { nodes { id title } } }
      themeTrends(days: 14) { themeId emerging }
    }
    themeHistory(first: 30) { id version createdAt sizes { themeId size } }
  }
}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    directory = tmp_path_factory.mktemp("strategy-site")
    started = start_site(directory)
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(directory, ignore_errors=True)


def wait_for_job(site: Site, job_id: str, login: Login, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = site.graphql(
            "query($id: ID!) { job(id: $id) { status error } }", {"id": job_id}, login
        )["job"]
        if job["status"] == "DONE":
            return
        assert job["status"] != "FAILED", job
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def post_idea(site: Site, forum_id: str, login: Login, title: str, body: str) -> str:
    data = site.graphql(
        "mutation($i: PostIdeaInput!) { postIdea(input: $i) { idea { id } errors { code } } }",
        {"i": {"forumId": forum_id, "title": title, "body": body}},
        login,
    )["postIdea"]
    assert data["errors"] == [], data
    return str(data["idea"]["id"])


def refit(site: Site, jam_id: str) -> None:
    job = site.graphql(
        "mutation($i: RecomputeThemesInput!) { recomputeThemes(input: $i) "
        "{ job { id } errors { code } } }",
        {"i": {"jamId": jam_id}},
        site.moderator,
    )["recomputeThemes"]
    assert job["errors"] == [], job
    wait_for_job(site, job["job"]["id"], site.moderator)


@pytest.fixture(scope="module")
def jam(site: Site) -> dict[str, Any]:
    """The demo jam, with three versions of its themes (two refits, new ideas before each)."""
    found: dict[str, Any] = site.graphql(
        "query($s: String!) { jam(slug: $s) { id forums { id } } }",
        {"s": site.slug},
        site.moderator,
    )["jam"]
    forum = found["forums"][0]["id"]
    for title in ("Bike parking at every office", "More e-bike chargers at our sites"):
        post_idea(site, forum, site.employee, title, f"{title}, so that more of us ride to work.")
    refit(site, found["id"])
    for title in ("Night buses for the late shifts", "Car-sharing pool for site visits"):
        post_idea(site, forum, site.employee, title, f"{title}: cheaper and greener.")
    refit(site, found["id"])
    return found


def opened(new_page: NewPage, site: Site, login: Login, path: str, **kwargs: Any) -> Page:
    page = new_page(**kwargs)
    sign_in_quietly(page, login)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def settled(page: Page) -> None:
    """Loaded, and no button still fading back from disabled: with reduced motion every
    transition lasts 0.01 ms, yet a button enabled again reads as 60 % opaque until the next
    frame, which axe would measure as too little contrast."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".loading")).to_have_count(0)
    page.wait_for_function(
        "() => [...document.querySelectorAll('button')].every("
        "(b) => b.disabled || getComputedStyle(b).opacity === '1')"
    )


def strategy(site: Site, tab: str = "", slug: str | None = None) -> str:
    return f"/jams/{slug or site.slug}/strategy{tab}"


def opinions_of(site: Site, login: Login) -> dict[str, Any]:
    found: dict[str, Any] = site.graphql(OPINIONS_QUERY, {"s": site.slug}, login)["jam"][
        "opinionGroups"
    ]
    return found


def themes_of(site: Site) -> dict[str, Any]:
    found: dict[str, Any] = site.graphql(THEMES_QUERY, {"s": site.slug}, site.moderator)["jam"]
    return found


def tab_content(page: Page, tab: str) -> None:
    """Wait until the tab shows its content (not a loading or empty state)."""
    content = {
        "": "table.strategy-themes",
        "/opinions": "svg.strategy-map-svg",
        "/backing": "#strategy-group-matrix",
        "/compare": ".strategy-pickers",
        "/export": ".strategy-exports",
    }[tab]
    expect(page.locator(content).first).to_be_visible()
    settled(page)


# --- Who may open it ------------------------------------------------------------------------


def test_the_jam_page_links_the_workspace_for_its_moderator_but_not_for_a_participant(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    moderator = opened(new_page, site, site.moderator, f"/jams/{site.slug}")
    link = moderator.get_by_role("link", name="Strategy", exact=True)
    expect(link).to_be_visible()
    link.click()
    expect(moderator).to_have_url(f"{site.base_url}{strategy(site)}")
    expect(moderator.get_by_role("heading", level=1)).to_have_text(re.compile("^Strategy · "))
    participant = opened(new_page, site, site.employee, f"/jams/{site.slug}")
    expect(participant.get_by_role("link", name="Moderate")).to_have_count(0)
    expect(participant.get_by_role("link", name="Strategy", exact=True)).to_have_count(0)


@pytest.mark.parametrize("tab", ["", "/backing"])
def test_a_participant_is_told_whom_the_workspace_is_for(
    new_page: NewPage, site: Site, jam: dict[str, Any], tab: str
) -> None:
    page = opened(new_page, site, site.employee, strategy(site, tab))
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategy")
    expect(page.locator(".strategy-refusal")).to_contain_text(
        "This workspace is for the strategy team: analysts, administrators and this jam's moderators."
    )
    expect(page.get_by_role("link", name="Back to the jam")).to_be_visible()
    expect(page.locator("table")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)  # no error dump
    settled(page)
    assert_no_axe_violations(page, "(the refusal)")


def test_an_analyst_who_moderates_nothing_may_open_it(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    members = site.graphql(
        "query($s: String!) { jam(slug: $s) { members(first: 60, kind: EMPLOYEE, "
        "role: PARTICIPANT) { nodes { user { id email displayName } } } } }",
        {"s": site.slug},
        site.admin,
    )["jam"]["members"]["nodes"]
    taken = {site.employee.email, site.moderator.email, site.admin.email}
    user = next(n["user"] for n in members if n["user"]["email"] not in taken)
    granted = site.graphql(
        "mutation($i: SetUserRoleInput!) { setUserRole(input: $i) { errors { code } } }",
        {"i": {"userId": user["id"], "role": "ANALYST"}},
        site.admin,
    )["setUserRole"]
    assert granted["errors"] == [], granted
    analyst = Login(user["email"], user["displayName"])
    page = opened(new_page, site, analyst, f"/jams/{site.slug}")
    page.get_by_role("link", name="Strategy", exact=True).click()
    tab_content(page, "")
    expect(page.get_by_role("navigation", name="Strategy sections")).to_be_visible()


# --- Each tab, for a moderator and an administrator ----------------------------------------


@pytest.mark.parametrize("who", ["moderator", "admin"])
@pytest.mark.parametrize("tab", TABS)
def test_every_tab_shows_its_content_and_passes_axe(
    new_page: NewPage, site: Site, jam: dict[str, Any], tab: str, who: str
) -> None:
    login = site.moderator if who == "moderator" else site.admin
    page = opened(new_page, site, login, strategy(site, tab))
    tab_content(page, tab)
    sections = page.get_by_role("navigation", name="Strategy sections")
    current = sections.locator("[aria-current='page']")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", strategy(site, tab))
    assert_no_axe_violations(page, f"(strategy{tab}, {who})")
    if who == "moderator":
        screenshot(page, f"strategy-desktop{tab.replace('/', '-') or '-themes'}")


def test_the_themes_tab_lists_the_themes_by_size_with_their_sizes_over_time(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    data = themes_of(site)
    themes = data["themes"]["themes"]
    history = data["themeHistory"]
    assert len(history) >= 3, "two refits make three versions"
    page = opened(new_page, site, site.moderator, strategy(site))
    tab_content(page, "")
    rows = page.locator("table.strategy-themes tbody tr")
    expect(rows).to_have_count(len(themes))
    shown = [int(t) for t in rows.locator("td.strategy-number").all_text_contents()]
    assert shown == sorted(shown, reverse=True), "largest first"
    expect(page.locator("table.strategy-themes caption")).to_have_text(
        f"The themes, largest first, with their size over the last {len(history)} versions"
    )
    expect(rows.first.locator("svg.strategy-sparkline")).to_have_count(2)
    # The sizes behind the sparkline, as text: the largest theme's, oldest version first.
    largest = max(themes, key=lambda t: t["size"])
    sizes: list[str] = []
    for version in sorted(history, key=lambda s: s["version"]):
        size = next((e["size"] for e in version["sizes"] if e["themeId"] == largest["id"]), None)
        if size is not None or sizes:
            sizes.append("–" if size is None else str(size))
    row = rows.filter(has=page.get_by_role("link", name=largest["label"], exact=True)).first
    expect(row).to_contain_text(", ".join(sizes))
    emerging = [t for t in data["themes"]["themeTrends"] if t["emerging"]]
    expect(page.locator("table.strategy-themes .strategy-badge-emerging")).to_have_count(
        len(emerging)
    )


def test_a_theme_page_shows_its_ideas_backing_and_suggested_team(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    data = themes_of(site)
    theme = max(data["themes"]["themes"], key=lambda t: t["size"])
    page = opened(new_page, site, site.moderator, strategy(site))
    tab_content(page, "")
    page.get_by_role("link", name=theme["label"], exact=True).first.click()
    expect(page).to_have_url(f"{site.base_url}{strategy(site, '/themes/' + str(theme['id']))}")
    expect(page.get_by_role("heading", level=2, name=theme["label"])).to_be_visible()
    # The themes tab stays current on a theme's page.
    expect(
        page.get_by_role("navigation", name="Strategy sections").locator("[aria-current='page']")
    ).to_have_text("Themes")
    newest = theme["ideas"]["nodes"][0]
    expect(page.get_by_role("link", name=newest["title"], exact=True).first).to_be_visible()
    expect(page.get_by_role("table", name="Its size in each version of the themes")).to_be_visible()
    expect(page.get_by_role("heading", name="Who backs it")).to_be_visible()
    expect(page.get_by_role("heading", name="Suggested team")).to_be_visible()
    expect(page.locator(".strategy-team-member").first).to_be_visible()
    expect(page.get_by_text("People appear by pseudonym")).to_be_visible()
    settled(page)
    assert_no_axe_violations(page, "(a theme's page)")
    screenshot(page, "strategy-desktop-theme")


def test_the_opinions_tab_shows_the_groups_their_ideas_and_the_map(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    analysis = opinions_of(site, site.moderator)
    assert analysis["status"] == "OK"
    groups = analysis["groups"]
    assert len(groups) >= 2, "the demo's voters fall in camps"
    page = opened(new_page, site, site.moderator, strategy(site, "/opinions"))
    tab_content(page, "/opinions")
    expect(page.locator(".strategy-summary")).to_contain_text(
        f"{analysis['voterCount']} people voted; the {analysis['placedCount']} who voted on "
        f"enough ideas fall into {len(groups)} opinion groups."
    )
    cards = page.locator(".strategy-groups > li")
    expect(cards).to_have_count(len(groups))
    expect(cards.first.get_by_role("heading", level=3)).to_contain_text(
        f"Group A {groups[0]['size']} people"
    )
    # Each representative idea: a bar and its shares as text.
    first_idea = cards.first.locator(".strategy-idea-list > li").first
    expect(first_idea.locator(".strategy-share-text")).to_have_text(
        re.compile(r"^\d+% agree · \d+% disagree$")
    )
    map_svg = page.get_by_role("img", name=re.compile(r"^Opinion map: \d+ people in \d+ groups"))
    expect(map_svg).to_be_visible()
    you = 2 if analysis["viewerPoint"] else 0
    expect(map_svg.locator("circle")).to_have_count(len(analysis["map"]) + you)
    if analysis["viewerGroup"] is not None:
        letter = "ABCDE"[analysis["viewerGroup"]]
        expect(page.get_by_text(f"Your votes place you in group {letter}.")).to_be_visible()
    expect(page.get_by_role("heading", name="What every group agrees on")).to_be_visible()
    expect(page.get_by_role("heading", name="What divides the groups")).to_be_visible()


def test_the_opinion_map_has_a_table_alternative(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    analysis = opinions_of(site, site.moderator)
    page = opened(new_page, site, site.moderator, strategy(site, "/opinions"))
    tab_content(page, "/opinions")
    toggle = page.get_by_role("button", name="Show as a table")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("svg.strategy-map-svg")).to_have_count(0)
    groups_table = page.get_by_role(
        "table", name="The groups on the map: how many people, and where their centre is"
    )
    expect(groups_table.get_by_role("columnheader")).to_have_text(
        ["Group", "People", "Clusters", "Across", "Up"]
    )
    placed_groups = {point["group"] for point in analysis["map"]}
    you = 1 if analysis["viewerPoint"] else 0
    expect(groups_table.locator("tbody tr")).to_have_count(len(placed_groups) + you)
    expect(groups_table.get_by_role("rowheader").first).to_have_text("Group A")
    people = sum(p["size"] for p in analysis["map"] if p["group"] == 0)
    expect(groups_table.locator("tbody tr").first.locator("td").first).to_have_text(str(people))
    clusters = page.get_by_role("table", name="Every circle of the map")
    expect(clusters.locator("tbody tr")).to_have_count(len(analysis["map"]))
    assert_no_axe_violations(page, "(the map's table)")
    toggle.click()
    expect(page.locator("svg.strategy-map-svg")).to_be_visible()


def test_the_backing_tab_is_a_heat_map_table_with_marks_and_splitting_themes(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    matrix = opinions_of(site, site.moderator)["themeBacking"]
    groups, themes = matrix["groups"], matrix["themes"]
    assert len(groups) >= 2 and themes
    assert matrix["splitting"], "the demo's camps split on some themes"
    page = opened(new_page, site, site.moderator, strategy(site, "/backing"))
    tab_content(page, "/backing")
    table = page.locator("#strategy-group-matrix")
    expect(table.locator("caption")).to_have_text(
        "How much each opinion group agrees with each theme's ideas (most voted themes first)"
    )
    headers = table.locator("thead th[scope='col']")
    expect(headers).to_have_count(len(groups) + 2)
    expect(headers.nth(1)).to_have_text("Group A")
    expect(table.locator("tbody th[scope='row']")).to_have_count(len(themes))
    cells = table.locator("tbody td.strategy-heat-cell")
    expect(cells).to_have_count(len(themes) * len(groups))
    first = cells.first
    expect(first.locator(".strategy-heat-value")).to_have_text(re.compile(r"^(\d+%|–)"))
    assert first.evaluate("(td) => getComputedStyle(td).backgroundColor") != ""
    # Significance: a symbol and words for screen readers, not colour alone.
    backed = sum(1 for t in themes for c in t["cells"] if c["backs"])
    expect(table.locator(".visually-hidden", has_text="backs it (significant)")).to_have_count(
        backed
    )
    opposed = sum(1 for t in themes for c in t["cells"] if c["opposes"])
    expect(table.locator(".visually-hidden", has_text="opposes it (significant)")).to_have_count(
        opposed
    )
    splitting = page.locator(".strategy-splitting li")
    expect(splitting).to_have_count(len(matrix["splitting"]))
    label = next(
        t["themeLabel"] for t in themes if t["themeId"] == matrix["splitting"][0]["themeId"]
    )
    expect(splitting.first.get_by_role("link")).to_have_text(label)
    expect(table.locator(".strategy-badge-split")).to_have_count(sum(t["splits"] for t in themes))


def test_the_population_switch_changes_the_matrix_and_the_participation_table(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    page = opened(new_page, site, site.moderator, strategy(site, "/backing"))
    tab_content(page, "/backing")
    switch = page.get_by_role("radiogroup", name="Split people by")
    expect(switch.get_by_role("radio", name="Employees and guests")).to_be_checked()
    population = page.locator("#strategy-population-matrix")
    expect(population.locator("thead th[scope='col']").nth(1)).to_have_text("Employees")
    for radio, value in (("Org unit", "ORG_UNIT"), ("Country", "COUNTRY")):
        expected = site.graphql(POPULATION_QUERY, {"s": site.slug, "p": value}, site.moderator)[
            "jam"
        ]["opinionGroups"]
        switch.locator("label").filter(has_text=radio).click()
        expect(page).to_have_url(re.compile(f"population={value}"))
        expect(population.locator("caption")).to_contain_text(f"({radio})")
        names = [("Other" if g == "other" else g) for g in expected["populationBacking"]["groups"]]
        ordered = sorted(n for n in names if n != "Other") + (["Other"] if "Other" in names else [])
        if value == "ORG_UNIT":
            expect(population.locator("thead th[scope='col']")).to_have_text(
                ["Theme", *ordered, "Votes"]
            )
        expect(population.locator("tbody tr")).to_have_count(
            len(expected["populationBacking"]["themes"])
        )
        participation = page.get_by_role(
            "table",
            name="People who posted, commented or voted on each theme's ideas, and what they gave it",
        )
        themes = {row["themeId"] for row in expected["participation"]}
        expect(participation.locator("tbody tr")).to_have_count(len(themes))
    settled(page)
    assert_no_axe_violations(page, "(backing by country)")
    page.reload()
    expect(page.get_by_role("radio", name="Country")).to_be_checked()


def test_compare_picks_the_newest_against_an_older_version_and_follows_the_choice(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    history = sorted(themes_of(site)["themeHistory"], key=lambda s: -s["version"])
    newest, oldest = history[0], history[-1]
    page = opened(new_page, site, site.moderator, strategy(site, "/compare"))
    tab_content(page, "/compare")
    summary = page.locator(".strategy-summary")
    # All versions are minutes old: the one closest to a day before the newest is the oldest.
    expect(summary).to_contain_text(
        f"From version {oldest['version']} to version {newest['version']}:"
    )
    middle = history[1]
    page.locator(".strategy-select", has_text="From").get_by_role("button").click()
    page.get_by_role("option", name=re.compile(f"^Version {middle['version']} ")).click()
    expect(summary).to_contain_text(
        f"From version {middle['version']} to version {newest['version']}:"
    )
    expect(page).to_have_url(re.compile(f"from={middle['id']}"))
    page.locator(".strategy-select", has_text="To").get_by_role("button").click()
    page.get_by_role("option", name=re.compile(f"^Version {middle['version']} ")).click()
    expect(
        page.get_by_text("These are the same version: choose two different ones.")
    ).to_be_visible()
    page.locator(".strategy-select", has_text="From").get_by_role("button").click()
    page.get_by_role("option", name=re.compile(f"^Version {oldest['version']} ")).click()
    expect(summary).to_contain_text(
        f"From version {oldest['version']} to version {middle['version']}:"
    )
    changes = [
        abs(int(re.sub(r"[^0-9]", "", text)))
        for text in page.locator(".strategy-compare tbody td:last-child").all_text_contents()
    ]
    assert changes == sorted(changes, reverse=True), "the largest change first"
    settled(page)
    assert_no_axe_violations(page, "(compare, two chosen versions)")


def test_an_export_button_downloads_the_file(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    page = opened(new_page, site, site.moderator, strategy(site, "/export"))
    tab_content(page, "/export")
    expect(
        page.get_by_text("People appear by pseudonym; only administrators get names.")
    ).to_be_visible()
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download CSV").click()
    download = downloading.value
    assert download.url.startswith(f"{site.base_url}/exports/")
    expect(page.get_by_role("status").filter(has_text="is downloading")).to_be_visible()
    expect(page.get_by_role("link", name="download it here")).to_have_attribute(
        "href", re.compile("^/exports/")
    )
    settled(page)
    assert_no_axe_violations(page, "(an export ready)")


# --- States without data ----------------------------------------------------------------------


def test_a_jam_without_themes_or_analysis_says_so_on_every_tab(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    slug = site.scheduled_slug
    page = opened(new_page, site, site.admin, strategy(site, "", slug))
    expect(page.get_by_text("No themes yet: once enough ideas are posted")).to_be_visible()
    page.get_by_role("link", name="Opinions").click()
    expect(page.get_by_text("The votes have not been analysed yet.")).to_be_visible()
    expect(page.get_by_role("button", name="Analyse now")).to_be_visible()
    settled(page)
    assert_no_axe_violations(page, "(no analysis yet)")
    page.get_by_role("link", name="Backing").click()
    expect(
        page.get_by_text("Who backs which themes comes from the analysis of the votes")
    ).to_be_visible()
    page.get_by_role("link", name="Compare").click()
    expect(page.get_by_text("No themes yet, so there is nothing to compare.")).to_be_visible()
    page.get_by_role("link", name="Export").click()
    page.get_by_role("button", name="Download JSON").click()
    expect(page.get_by_role("alert")).to_have_text(
        "This jam has no themes yet: there is nothing to export."
    )
    settled(page)
    assert_no_axe_violations(page, "(an export refused)")


def test_a_closed_jam_without_votes_says_why_it_has_no_groups(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    query = "query($s: String!) { jam(slug: $s) { opinionGroups { status } } }"
    page = opened(new_page, site, site.admin, strategy(site, "/opinions", site.closed_slug))
    settled(page)
    if site.graphql(query, {"s": site.closed_slug}, site.admin)["jam"]["opinionGroups"] is None:
        # Closed by an administrator, not by its clock: nobody has analysed it yet.
        expect(page.get_by_text("The votes have not been analysed yet.")).to_be_visible()
        page.get_by_role("button", name="Analyse now").click()
        expect(
            page.get_by_role("list", name="Analysis progress").locator("[aria-current='step']")
        ).to_have_text("Done: the opinion groups are up to date", timeout=90_000)
    found = site.graphql(query, {"s": site.closed_slug}, site.admin)["jam"]["opinionGroups"]
    assert found is not None and found["status"] != "OK", found
    texts = {
        "NO_VOTES": "Nobody has voted on this jam's ideas yet",
        "TOO_FEW_PARTICIPANTS": "Too few people have voted enough to be placed",
        "NO_DISAGREEMENT": "vote alike: there is no disagreement",
    }
    expect(page.locator(".strategy-not-ok")).to_contain_text(texts[found["status"]])
    settled(page)
    assert_no_axe_violations(page, f"(opinions: {found['status']})")


# --- Languages and a phone --------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["es", "fr"])
@pytest.mark.parametrize("tab", TABS)
def test_every_tab_passes_axe_in_spanish_and_french(
    new_page: NewPage, site: Site, jam: dict[str, Any], tab: str, locale: str
) -> None:
    page = opened(new_page, site, site.moderator, strategy(site, tab), locale=locale)
    tab_content(page, tab)
    assert page.evaluate("() => document.documentElement.lang") == locale
    title = {"es": "Estrategia · ", "fr": "Stratégie · "}[locale]
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(f"^{title}"))
    assert_no_axe_violations(page, f"(strategy{tab}, {locale})")


def test_the_language_switch_translates_the_workspace(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    page = opened(new_page, site, site.moderator, strategy(site, "/backing"))
    tab_content(page, "/backing")
    page.get_by_role("button", name="English").click()
    page.get_by_role("option", name="Español").click()
    expect(page.get_by_role("heading", level=2, name="Apoyo por grupo de opinión")).to_be_visible()
    expect(page.get_by_role("radio", name="Empleados e invitados")).to_be_checked()
    page.get_by_role("button", name="Español").click()
    page.get_by_role("option", name="Français").click()
    expect(
        page.get_by_role("heading", level=2, name="Soutien par groupe d’opinion")
    ).to_be_visible()
    expect(page.locator("#strategy-group-matrix thead th").nth(1)).to_have_text("Groupe A")
    expect(page.locator("#strategy-group-matrix .strategy-heat-value").first).to_have_text(
        re.compile(r"^(\d+\s%|–)")
    )
    assert_no_axe_violations(page, "(backing, switched to French)")


@pytest.mark.parametrize("tab", [*TABS, "/theme"])
def test_every_tab_fits_a_360_px_phone(
    new_page: NewPage, site: Site, jam: dict[str, Any], tab: str
) -> None:
    path = tab
    if tab == "/theme":
        largest = max(themes_of(site)["themes"]["themes"], key=lambda t: t["size"])
        path = f"/themes/{largest['id']}"
    page = opened(new_page, site, site.moderator, strategy(site, path), viewport=PHONE)
    if tab == "/theme":
        expect(page.get_by_role("heading", name="Who backs it")).to_be_visible()
        settled(page)
    else:
        tab_content(page, tab)
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page, f"(strategy{path}, phone)")
    screenshot(page, f"strategy-phone{tab.replace('/', '-') or '-themes'}")


# --- Live: "Analyse now" --------------------------------------------------------------------


def test_analyse_now_runs_a_job_and_the_page_shows_the_new_analysis_when_it_is_done(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    before = opinions_of(site, site.moderator)
    page = opened(new_page, site, site.moderator, strategy(site, "/opinions"))
    tab_content(page, "/opinions")
    stamp = page.locator(".strategy-analysed time")
    expect(stamp).to_have_attribute("datetime", before["createdAt"])
    page.get_by_role("button", name="Analyse now").click()
    progress = page.get_by_role("list", name="Analysis progress")
    expect(progress).to_be_visible()
    assert_no_axe_violations(page, "(a job in progress)")
    expect(progress.locator("[aria-current='step']")).to_have_text(
        "Done: the opinion groups are up to date", timeout=90_000
    )
    after = opinions_of(site, site.moderator)
    assert after["id"] != before["id"], "a new analysis"
    expect(stamp).to_have_attribute("datetime", after["createdAt"], timeout=15_000)
    expect(page.locator(".strategy-groups > li")).to_have_count(len(after["groups"]))
    expect(page.get_by_role("button", name="Analyse now")).to_be_enabled()


# --- Hostile text -----------------------------------------------------------------------------


def test_hostile_idea_titles_and_theme_labels_stay_text(
    new_page: NewPage, site: Site, jam: dict[str, Any]
) -> None:
    data = themes_of(site)
    theme = max(data["themes"]["themes"], key=lambda t: t["size"])
    label = f"Label {HOSTILE}"
    renamed = site.graphql(
        "mutation($i: RenameThemeInput!) { renameTheme(input: $i) { errors { code } } }",
        {"i": {"jamId": jam["id"], "themeId": theme["id"], "label": label}},
        site.moderator,
    )["renameTheme"]
    assert renamed["errors"] == [], renamed
    # A hostile idea joins the theme (it reads like the theme's newest idea).
    newest = theme["ideas"]["nodes"][0]["title"]
    title = f"{newest} {HOSTILE}"
    post_idea(site, jam["forums"][0]["id"], site.employee, title, f"{newest}. {HOSTILE}")
    refit(site, jam["id"])
    themed = {
        t["id"]: [i["title"] for i in t["ideas"]["nodes"]]
        for t in themes_of(site)["themes"]["themes"]
    }

    def inert(page: Page) -> None:
        assert page.evaluate("() => window.__xss") is None
        assert page.locator("main img[src='x']").count() == 0
        assert page.locator("main b", has_text="not bold").count() == 0

    page = opened(new_page, site, site.moderator, strategy(site))
    tab_content(page, "")
    expect(page.get_by_role("link", name=label, exact=True)).to_be_visible()
    inert(page)
    page.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_have_text(label)
    inert(page)
    # The idea is in a theme (most likely its neighbour's): its title is a link there.
    home = next((tid for tid, titles in themed.items() if title in titles), None)
    if home is not None:
        page.goto(strategy(site, f"/themes/{home}"))
        expect(page.get_by_role("link", name=title, exact=True).first).to_be_visible()
        inert(page)
    page.goto(strategy(site, "/compare"))
    expect(page.locator(".strategy-summary")).to_be_visible()
    inert(page)
