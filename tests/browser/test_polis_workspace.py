"""A real Pol.is conversation imported with `jam import polis` shows its opinion groups and its
themes in the strategy workspace: the worker beside the server runs the analyses the import
queued, as for any jam. Skipped without the shared Pol.is data."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NewPage
from tests.browser.helpers import assert_no_axe_violations, screenshot
from tests.browser.site import JAM, Site, start_site
from tests.browser.test_strategy import opened, strategy, tab_content

CONVERSATION = Path(__file__).resolve().parents[3] / "shared/data/polis/scoop-hivemind.biodiversity"
SLUG = "polis-scoop-hivemind-biodiversity"
ANALYSED = """query($s: String!) { jam(slug: $s) {
  title themes { themes { id label size } }
  opinionGroups { status voterCount placedCount groups { id size } }
} }"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not (CONVERSATION / "comments.csv").is_file():
        pytest.skip(f"needs the shared Pol.is data at {CONVERSATION}")
    directory = tmp_path_factory.mktemp("polis-site")
    started = start_site(directory, ideas=20)
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def imported(site: Site) -> dict[str, Any]:
    """The conversation imported into the served database, once its themes and opinion groups
    are there (the worker does them in turn: a few tens of seconds)."""
    url = site.command[site.command.index("--database-url") + 1]
    done = subprocess.run(
        [str(JAM), "import", "polis", str(CONVERSATION), "--database-url", url],
        env=site.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 300
    while True:
        jam = site.graphql(ANALYSED, {"s": SLUG}, site.admin)["jam"]
        if jam["themes"] and jam["opinionGroups"]:
            found: dict[str, Any] = jam
            return found
        assert time.monotonic() < deadline, f"no analyses of the imported jam yet: {jam}"
        time.sleep(1.0)


def test_the_imported_conversation_has_pol_is_groups(imported: dict[str, Any]) -> None:
    groups = imported["opinionGroups"]
    assert groups["status"] == "OK" and len(groups["groups"]) >= 2
    assert groups["placedCount"] == sum(g["size"] for g in groups["groups"])


def test_its_opinion_groups_show_in_the_workspace(
    new_page: NewPage, site: Site, imported: dict[str, Any]
) -> None:
    groups = imported["opinionGroups"]
    page: Page = opened(new_page, site, site.admin, strategy(site, "/opinions", SLUG))
    tab_content(page, "/opinions")
    expect(page.locator(".strategy-summary")).to_contain_text(
        f"{groups['voterCount']} people voted"
    )
    expect(page.locator(".strategy-groups > li")).to_have_count(len(groups["groups"]))
    assert_no_axe_violations(page, "an imported Pol.is conversation's opinion groups")
    screenshot(page, "strategy-polis-opinions")


def test_its_themes_show_in_the_workspace(
    new_page: NewPage, site: Site, imported: dict[str, Any]
) -> None:
    page = opened(new_page, site, site.admin, strategy(site, "", SLUG))
    tab_content(page, "")
    rows = page.locator("table.strategy-themes tbody tr")
    expect(rows).to_have_count(len(imported["themes"]["themes"]))
    expect(rows.first).to_contain_text(imported["themes"]["themes"][0]["label"].split(" · ")[0])
    screenshot(page, "strategy-polis-themes")
