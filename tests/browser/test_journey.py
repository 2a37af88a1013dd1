"""The whole participant journey, as a newcomer takes it: a guest with an invitation signs up,
signs in, opens the jam, reads a forum, posts an idea, votes and comments; an employee does it
with the keyboard alone; a closed jam refuses every write."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_axe_violations, screenshot, sign_in_quietly
from tests.browser.site import Site


def test_a_guest_with_an_invitation_takes_part_from_sign_up_to_comment(
    page: Page, site: Site
) -> None:
    email = f"guest-{uuid.uuid4().hex[:8]}@partner.example"
    page.goto(f"/register?code={site.invitation_code}")
    expect(page.get_by_label("Invitation code")).to_have_value(site.invitation_code)
    page.get_by_label("Your name").fill("Gabriela Partner")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("a long guest password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mailbox")

    page.get_by_role("main").get_by_role("link", name="sign in", exact=True).click()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill("a long guest password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your jams")

    page.get_by_role("link", name="Open Innovation Jam 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Innovation Jam 2026")
    page.get_by_role("link", name="Future of Work", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Future of Work")
    expect(page.locator("article").first).to_be_visible()

    page.get_by_role("link", name="Post an idea").first.click()
    title = f"Partner days in our labs {uuid.uuid4().hex[:6]}"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your idea").fill("Once a month, partners work beside our teams in the labs.")
    page.get_by_label("Tags (optional)").fill("partners, labs")
    page.get_by_role("button", name="Post the idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    page.get_by_role("button", name="Vote up (0)").click()
    expect(page.get_by_role("button", name="Vote up (1)")).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Your comment").fill("Happy to host the first one.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Happy to host the first one.")).to_be_visible()
    expect(page.get_by_text("Gabriela Partner").first).to_be_visible()
    assert_no_axe_violations(page, "at the end of the guest's journey")
    screenshot(page, "journey-guest-idea")


def test_an_employee_takes_part_with_the_keyboard_alone(page: Page, site: Site) -> None:
    sign_in_quietly(page, site.employee)
    page.goto("/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Your jams")

    def press(locator_name: str, role: str = "link") -> None:
        """Tab until the control has focus (at most 60 stops), then Enter."""
        target = page.get_by_role(role, name=locator_name).first  # type: ignore[arg-type]
        for _ in range(60):
            if target.evaluate("element => element === document.activeElement"):
                break
            page.keyboard.press("Tab")
        else:
            raise AssertionError(f"Tab never reached {role} {locator_name!r}")
        page.keyboard.press("Enter")

    press("Open Innovation Jam 2026")
    expect(heading).to_have_text("Innovation Jam 2026")
    expect(heading).to_be_focused()  # focus follows the navigation to the new page
    press("Post an idea here")  # the first forum's: the form opens with that forum chosen
    expect(heading).to_have_text("Post an idea")
    expect(heading).to_be_focused()

    title = f"Quiet hours on Wednesdays {uuid.uuid4().hex[:6]}"
    page.keyboard.press("Tab")
    for _ in range(10):  # on to the title field, past the forum choice
        if page.evaluate("() => document.activeElement?.getAttribute('name')") == "title":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(title)
    page.keyboard.press("Tab")
    page.keyboard.type("No meetings between 9 and 12 on Wednesdays, for everyone.")
    press("Post the idea", role="button")
    expect(heading).to_have_text(title)
    press("Vote up (0)", role="button")
    expect(page.get_by_role("button", name="Vote up (1)")).to_have_attribute("aria-pressed", "true")
    visible_focus = page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle !== 'none'"
    )
    assert visible_focus, "the focused vote button shows no focus ring"


def test_a_closed_jam_refuses_every_write_and_says_why(page: Page, site: Site) -> None:
    sign_in_quietly(page, site.employee)
    page.goto(f"/jams/{site.closed_slug}/ideas/{site.closed_idea_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keep the archive open to read")
    expect(page.get_by_text(re.compile("closed", re.I)).first).to_be_visible()
    for name in ("Vote up", "Vote down", "No opinion"):
        button = page.get_by_role("button", name=re.compile(name))
        if button.count():
            expect(button).to_be_disabled()
    expect(page.get_by_label("Your comment")).to_have_count(0)
    page.goto(f"/jams/{site.closed_slug}/post")
    expect(page.get_by_role("button", name="Post the idea")).to_have_count(0)
    # And the server says no too, whatever the page shows.
    answer = page.evaluate(
        """async (ideaId) => (await (await fetch("/graphql", { method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: `mutation($i: VoteInput!) { vote(input: $i)
              { errors { code } } }`, variables: { i: { ideaId, value: "UP" } } }) })).json())""",
        site.closed_idea_id,
    )
    assert answer["data"]["vote"]["errors"] == [{"code": "JAM_NOT_LIVE"}]
