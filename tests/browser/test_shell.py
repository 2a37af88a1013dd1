"""The application shell: signing in and out, the skip link, languages, unknown pages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import NewPage
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.browser.site import Site


def test_a_visitor_is_sent_to_sign_in_and_back_after(page: Page, site: Site) -> None:
    page.goto(f"/jams/{site.slug}")
    expect(page).to_have_url(f"{site.base_url}/sign-in?next=%2Fjams%2F{site.slug}")
    page.get_by_label("E-mail address").fill(site.employee.email)
    page.get_by_label("Password", exact=True).fill(site.employee.password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{site.base_url}/jams/{site.slug}")
    expect(page.get_by_text(site.employee.display_name)).to_be_visible()


def test_a_wrong_password_is_said_in_the_form_and_nothing_else_changes(
    page: Page, site: Site
) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail address").fill(site.employee.email)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    expect(page).to_have_url(f"{site.base_url}/sign-in")
    assert_no_axe_violations(page, "after a failed sign-in")


def test_signing_out_ends_the_session(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{site.base_url}/sign-in")
    page.goto(f"/jams/{site.slug}")
    expect(page).to_have_url(f"{site.base_url}/sign-in?next=%2Fjams%2F{site.slug}")


def test_the_session_cookie_is_out_of_reach_of_scripts(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee)
    assert "jam_session" not in page.evaluate("() => document.cookie")
    cookie = next(c for c in page.context.cookies() if c["name"] == "jam_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(page: Page, site: Site) -> None:
    page.goto("/sign-in")
    skip = page.get_by_role("link", name="Skip to content")
    expect(page.get_by_role("heading", level=1)).to_be_visible()  # the app has rendered
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_language_switch_translates_the_page_and_is_remembered(page: Page, site: Site) -> None:
    page.goto("/sign-in")
    page.get_by_role("button", name="English").click()
    page.get_by_role("option", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")


def test_a_browser_in_spanish_gets_spanish(new_page: NewPage, site: Site) -> None:
    page = new_page(locale="es-ES")
    page.goto("/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    assert_no_axe_violations(page, "in Spanish")


def test_an_unknown_address_says_so_with_a_way_back(page: Page, site: Site) -> None:
    sign_in(page, site, site.employee)
    answer = page.goto("/no/such/page")
    assert answer is not None and answer.status == 200  # the app's route, answered by the app
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.get_by_role("link", name="See your jams").click()
    expect(page).to_have_url(f"{site.base_url}/")


def test_sign_in_and_register_pages_pass_axe(page: Page, site: Site) -> None:
    for path in ("/sign-in", "/register", "/forgot-password"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page, path)
