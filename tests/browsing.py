"""Driving Debian's Chromium with Playwright, shared by the browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from conftest import ROOT

#: Debian's chromium, which `make test` installs (CI runners without root pass their own Chrome).
CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
#: Flags for a closed network and a root user: no sandbox, no background calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = ROOT / "test-output"
#: axe-core, the accessibility checker, installed from package-lock.json by `make test` (npm ci).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG 2.0 and 2.1 rules at levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@contextmanager
def chromium() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "make test installs Debian's chromium; run it through make"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Watched:
    """A page with everything that went wrong on it recorded."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        host = urlparse(base).netloc
        page.on("request", lambda request: None if urlparse(request.url).netloc in (host, "") or request.url.startswith("data:") else self.outside.append(request.url))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")


def axe_violations(page: Page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """What axe-core finds on the loaded page against the WCAG 2 A and AA rules, at `impacts`."""
    assert AXE.is_file(), "make test installs axe-core with npm ci (package-lock.json); run it through make"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary)}));
        }""",
        WCAG_AA,
    )
    return [v for v in found if v["impact"] in impacts]
