"""The HTML export report in Chromium: it renders (the theme map and the charts are visible),
raises no console error, asks for nothing from anywhere, passes axe, and prints to PDF."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from jam.exports.formats import ExportFormat, render
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import SCREENSHOTS, assert_no_axe_violations, expect, screenshot
from tests.test_exports import HOSTILE, sample_export


@pytest.fixture
def report(browser: Browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    """The sample report opened from a file: the page, the requests it made, its errors."""
    path = SCREENSHOTS.parent / "exports" / "sample-themes.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(sample_export(), ExportFormat.HTML))
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")  # type: ignore[arg-type]
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    try:
        yield page, requests, errors
    finally:
        context.close()
    assert requests == [path.as_uri()], f"the report asked for more than itself: {requests}"
    assert not errors, errors


def test_the_report_renders_its_map_and_charts(report: tuple[Page, list[str], list[str]]) -> None:
    page, _, _ = report
    expect(page.get_by_role("heading", level=1)).to_contain_text(HOSTILE)  # as text, escaped
    theme_map = page.locator("svg.map")
    expect(theme_map).to_be_visible()
    assert theme_map.locator("circle").count() == 5
    charts = page.locator("svg.chart")
    expect(charts.first).to_be_visible()
    assert charts.first.locator("rect").count() >= 2
    box = theme_map.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 200
    assert page.evaluate("() => document.scripts.length") == 0
    assert page.evaluate("() => document.images.length") == 0  # the hostile <img> is text
    expect(page.get_by_role("table").first).to_be_visible()
    screenshot(page, "export-report")


def test_the_report_is_accessible(report: tuple[Page, list[str], list[str]]) -> None:
    page, _, _ = report
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert_no_axe_violations(page, "in the export report")


def test_the_report_prints(report: tuple[Page, list[str], list[str]]) -> None:
    page, _, _ = report
    page.emulate_media(media="print")
    expect(page.locator("nav")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (SCREENSHOTS.parent / "exports" / "sample-themes.pdf").write_bytes(pdf)
