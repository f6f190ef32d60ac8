"""The leader scorecard in a real browser: axe-core's WCAG A and AA rules, a phone 390 px wide,
charts that show with JavaScript off, nothing loaded from elsewhere, and a legible print."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browsing import OUTPUT, Watched, axe_violations, chromium

pytestmark = pytest.mark.browser

SCREENSHOTS = OUTPUT / "scorecard"
PAGES = ["scorecard/", "policies/LC-001/", "policies/LC-002/", "policies/LC-003/"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _charts_loaded(page: Page) -> list[tuple[str, int]]:
    return page.evaluate("() => [...document.querySelectorAll('article img')].map(i => [i.getAttribute('src'), i.complete ? i.naturalWidth : 0])")


@pytest.mark.parametrize("path", PAGES)
def test_scorecard_pages_pass_axe_wcag_aa_and_load_nothing_from_elsewhere(browser: Browser, served_site: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), served_site)
    _open(watched.page, served_site + path)
    assert axe_violations(watched.page) == [], path
    charts = _charts_loaded(watched.page)
    assert charts and all(width > 0 for _, width in charts), charts
    assert watched.errors == [] and watched.outside == []
    context.close()


@pytest.mark.parametrize("path", ["scorecard/", "policies/LC-002/"])
def test_charts_show_with_javascript_turned_off(browser: Browser, served_site: str, path: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _open(page, served_site + path)
    charts = _charts_loaded(page)
    assert charts and all(width == 760 for _, width in charts), charts  # each SVG drawn at its own size
    context.close()


def test_on_a_phone_the_scorecard_and_a_commitment_fit_and_say_where_things_stand(browser: Browser, served_site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path, name in [("scorecard/", "scorecard-390"), ("policies/LC-001/", "LC-001-390")]:
        _open(page, served_site + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path}: the page scrolls sideways by {overflow}px"
        for box in page.evaluate("() => [...document.querySelectorAll('article img')].map(i => { const r = i.getBoundingClientRect(); return [r.left, r.right, r.height]; })"):
            assert box[0] >= 0 and box[1] <= 390 and box[2] > 100, f"{path}: a chart does not fit the screen: {box}"
        wide = page.evaluate("() => [...document.querySelectorAll('article .pb-scorecard table')].map(t => t.getBoundingClientRect().right).filter(right => right > 391)")
        assert wide == [], f"{path}: tables run past the screen's edge: {wide}"
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 20_000
    _open(page, served_site + "policies/LC-001/")
    standing = page.locator("article h2:has-text('How we are doing') + p")
    assert re.search(r"As of \d+ \w+ 2026, in Q4 2026 so far: \d+ of \d+ visits done", standing.inner_text())
    context.close()


def test_a_printed_commitment_keeps_its_chart_numbers_and_every_status_on_the_paper(browser: Browser, served_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    _open(page, served_site + "policies/LC-001/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / "LC-001-A4.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "How we are doing" in text and "The chart's numbers" in text
    assert "Ines Calloway" in text and "Met" in text
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', boxes)
    assert words and all(float(right) <= 595.5 and float(left) >= 0 for left, right in words)  # nothing cut off at the edge of A4
    assert "Executive customer visits: visits per quarter" in text  # the chart's own title: printed as drawn, in vectors
    context.close()
