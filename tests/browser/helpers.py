"""What browser tests do again and again: sign in, check accessibility, take screenshots."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.site import REPO, Login, Site

AXE = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("JAM_SCREENSHOTS", REPO / "test-output" / "screenshots"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page: Page, site: Site, login: Login, *, then: str = "/") -> None:
    """Sign in through the sign-in form, landing on ``then``."""
    page.goto(f"/sign-in?next={then}")
    page.get_by_label("E-mail address").fill(login.email)
    page.get_by_label("Password", exact=True).fill(login.password)
    page.get_by_role("button", name="Sign in", exact=True).last.click()
    page.wait_for_url(f"{site.base_url}{then}")


def sign_in_quietly(page: Page, login: Login, base_url: str = "") -> None:
    """Sign this page's context in without the form (the session cookie from a login call),
    at the context's own site unless ``base_url`` names another."""
    answer = page.request.post(
        f"{base_url}/graphql",
        data={
            "query": "mutation($i: LoginInput!) { login(input: $i) { errors { code } } }",
            "variables": {"i": {"email": login.email, "password": login.password}},
        },
    )
    assert answer.ok and not answer.json()["data"]["login"]["errors"], answer.text()


def graphql_in_page(page: Page, query: str, variables: dict[str, Any] | None = None) -> Any:
    """A GraphQL request from the page itself (its cookie, same origin), as the UI sends them."""
    return page.evaluate(
        """async ([query, variables]) => {
            const answer = await fetch("/graphql", {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ query, variables }),
            });
            return answer.json();
        }""",
        [query, variables or {}],
    )


def assert_no_axe_violations(page: Page, context: str = "") -> None:
    """axe-core (WCAG 2.1 A and AA rules) finds nothing on the page as it is now."""
    if not page.evaluate("() => 'axe' in window"):
        # Evaluated over the DevTools protocol: the page's CSP (which forbids inline scripts,
        # and which these tests keep on) does not apply to it.
        page.evaluate(AXE.read_text() + "\n;undefined")
    found = page.evaluate(
        "async (tags) => (await axe.run(document, { runOnly: { type: 'tag', values: tags } }))"
        ".violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))",
        WCAG_TAGS,
    )
    assert found == [], f"axe violations {context} at {page.url}:\n{json.dumps(found, indent=1)}"


def assert_no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.evaluate("() => window.innerWidth")
    assert width <= viewport, f"the page is {width} px wide in a {viewport} px viewport"


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot in test-output/screenshots/ (the tests' output)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


__all__ = [
    "assert_no_axe_violations",
    "assert_no_horizontal_scroll",
    "expect",
    "graphql_in_page",
    "screenshot",
    "sign_in",
    "sign_in_quietly",
]
