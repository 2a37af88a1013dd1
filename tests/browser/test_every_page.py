"""Every page, in every language, on a desktop and on a 360 px phone: axe-core finds no WCAG
2.1 A/AA violation, nothing scrolls sideways, and screenshots of both sizes are kept in
test-output/screenshots/."""

from __future__ import annotations

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
from tests.browser.site import Site

SKIP_LINK = {"en": "Skip to content", "es": "Saltar al contenido", "fr": "Aller au contenu"}
PAGES = [
    "sign-in",
    "register",
    "jams",
    "jam-home",
    "forum",
    "idea",
    "post-idea",
    "themes",
    "strategy",
    "closed-jam",
    "scheduled-jam",
    "notifications",
    "profile",
    "not-found",
]


@pytest.fixture(scope="module")
def paths(site: Site) -> dict[str, str]:
    jam: dict[str, Any] = site.graphql(
        "query($s: String!) { jam(slug: $s) { forums { id ideas(first: 1, sort: TOP) "
        "{ nodes { id } } } } }",
        {"s": site.slug},
        site.employee,
    )["jam"]
    forum = jam["forums"][0]
    return {
        "sign-in": "/sign-in",
        "register": "/register",
        "jams": "/",
        "jam-home": f"/jams/{site.slug}",
        "forum": f"/jams/{site.slug}/forums/{forum['id']}",
        "idea": f"/jams/{site.slug}/ideas/{forum['ideas']['nodes'][0]['id']}",
        "post-idea": f"/jams/{site.slug}/post?forum={forum['id']}",
        "themes": f"/jams/{site.slug}/themes",
        # A participant: the strategy workspace says whom it is for.
        "strategy": f"/jams/{site.slug}/strategy",
        "closed-jam": f"/jams/{site.closed_slug}",
        "scheduled-jam": f"/jams/{site.scheduled_slug}",
        "notifications": "/notifications",
        "profile": "/profile",
        "not-found": "/there/is/nothing/here",
    }


def _open(page: Page, site: Site, path: str, name: str) -> None:
    if name not in ("sign-in", "register"):
        sign_in_quietly(page, site.employee)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".loading")).to_have_count(0)


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
@pytest.mark.parametrize("name", PAGES)
def test_the_page_passes_axe_in_each_language(
    new_page: NewPage, site: Site, paths: dict[str, str], name: str, locale: str
) -> None:
    page = new_page(locale=locale)
    _open(page, site, paths[name], name)
    assert page.evaluate("() => document.documentElement.lang") == locale
    expect(page.locator(".skip-link")).to_have_text(SKIP_LINK[locale])
    assert_no_axe_violations(page, f"({name}, {locale})")
    if locale == "en":
        screenshot(page, f"desktop-{name}")


@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_a_360_px_phone(
    new_page: NewPage, site: Site, paths: dict[str, str], name: str
) -> None:
    page = new_page(viewport=PHONE)
    _open(page, site, paths[name], name)
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page, f"({name}, phone)")
    screenshot(page, f"phone-{name}")
