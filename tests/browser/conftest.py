"""Browser tests: Playwright driving Debian's Chromium against a real ``jam serve``.

One seeded site for the session (``site``); each test gets a fresh browser context (no cookies
shared between tests). Skipped, with the reason, when Chromium or the built UI is missing
(``make test`` installs and builds both)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser.site import UI_DIR, Site, start_site

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialing Google, which this machine's
# closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

if not Path(CHROMIUM).exists() or not (UI_DIR / "index.html").is_file():
    pytest.skip(
        "browser tests need /usr/bin/chromium and the built UI (make test provides both)",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, Playwright, sync_playwright  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    directory = tmp_path_factory.mktemp("site")
    started = start_site(directory)
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Per module, not per session: Playwright's sync API runs an event loop in this thread
    while it is open, and the asyncio tests that come after the browser tests need none."""
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser, site: Site) -> Iterator[NewPage]:
    """Pages in fresh contexts (own cookies): ``new_page(locale="es", viewport=PHONE)``.
    Any uncaught page error fails the test."""
    contexts = []
    errors: list[str] = []

    def make(locale: str = "en", viewport: dict[str, int] | None = None) -> Page:
        context = browser.new_context(
            base_url=site.base_url,
            locale=locale,
            viewport=viewport or DESKTOP,  # type: ignore[arg-type]
            reduced_motion="reduce",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        # Our Content-Security-Policy must never have to block anything of our own.
        page.on(
            "console",
            lambda message: errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None,
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"uncaught errors or blocked content in the page: {errors}"


@pytest.fixture
def page(new_page: NewPage) -> Page:
    return new_page()


@pytest.fixture
def phone(new_page: NewPage) -> Page:
    return new_page(viewport=PHONE)
