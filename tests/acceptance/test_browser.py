"""The handbook in a real browser: headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from browsing import OUTPUT, Watched, chromium

SCREENSHOTS = OUTPUT / "browser"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def watched(browser: Browser, served_site: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page(), served_site)
    context.close()


def test_searching_golden_rule_leads_to_the_golden_rule_page(watched: Watched, served_site: str) -> None:
    page = watched.page
    page.goto(served_site)
    page.wait_for_load_state("networkidle")  # the search index has arrived
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("golden rule", delay=30)
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=15_000)
    first.click()
    page.wait_for_url("**/policies/GR-001/**")
    assert page.locator("article h1").inner_text().rstrip("¶ \n") == "The Employee Golden Rule"
    assert page.locator("article .pb-level--must").count() >= 1
    assert "Treat" in page.locator("article").inner_text() or "colleague" in page.locator("article").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "golden-rule-from-search.png"), full_page=True)
    assert (SCREENSHOTS / "golden-rule-from-search.png").stat().st_size > 10_000
    assert watched.errors == []
    assert watched.outside == []


@pytest.mark.parametrize("path", ["", "expected-of-me/frontline/", "policies/SE-005/", "policies/", "reference/schemas/", "tags/"])
def test_pages_load_without_console_errors_or_outside_requests(watched: Watched, served_site: str, path: str) -> None:
    watched.page.goto(served_site + path)
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.locator("article h1").count() == 1
    assert watched.errors == []
    assert watched.outside == []
