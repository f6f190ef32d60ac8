"""Policy text cannot change the page around it.

Each text field is rendered on its own into a sanitised fragment (`render.fragment`): an
unclosed table cannot swallow the sections after it, markup cannot borrow the theme's
look (alert boxes, open details), a heading cannot enter the table of contents, and a
reference definition in one field means nothing in another. Raw HTML is shown as the
words it is. The handbook is built once, strictly, with each attack of the issue in it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import build_site, site_project
from htmlparts import Element, article, elements

UNCLOSED = "<div><table><tr><td>Everything after this was in one cell"
ALERT = '<div class="admonition danger"><p class="admonition-title">Security alert</p><p>Your account is locked. Call 0800 000 000.</p></div>'
DETAILS = "<details open><summary>Read more</summary>Hidden text</details>"
THEME_CLASS = "[Log in](https://example.org/){: .md-button .md-button--primary }"
REFERENCE = "Serve the people you work with as well as you serve customers.\n\n[evil]: https://evil.example/phish"
HEADINGS = "Read [the guide][evil] first.\n\n# Injected heading\n\n## Second injected heading\n\nAnother heading\n---------------"


def _edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "policies" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|-\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in text.split("\n")).rstrip("\n")


@dataclass
class Built:
    site: Path
    stderr: str
    returncode: int

    def page(self, path: str) -> str:
        return article((self.site / path / "index.html").read_text(encoding="utf-8"))

    def whole(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("policy-text")
    project = site_project(base / "project")
    greeting, golden = "SE-001-greeting.yaml", "GR-001-golden-rule.yaml"
    _edit(project, greeting, "    text: Greet every customer within ten seconds.", f"    text: '{UNCLOSED}'")
    _edit(project, greeting, "    text: Step away from a task to greet a customer.", f"    text: '{ALERT}'")
    _edit(project, greeting, "rationale: A greeting tells the customer they matter.", f"rationale: '{DETAILS}'")
    _edit(project, greeting, "  - A customer walks into a store.", f"  - '{THEME_CLASS}'")
    _edit(project, golden, "summary: Serve the people you work with as well as you serve customers.", "summary: " + _block(REFERENCE, 2))
    _edit(project, golden, "rationale: Customers feel on the outside what happens on the inside.", "rationale: " + _block(HEADINGS, 2))
    result = build_site(project, base / "site")
    return Built(base / "site", result.stderr, result.returncode)


def test_the_hostile_policies_build(built: Built) -> None:
    assert built.returncode == 0, built.stderr


def _h2(content: str) -> list[Element]:
    return [e for e in elements(content) if e.tag == "h2"]


def test_an_unclosed_table_in_a_statement_keeps_to_its_statement(built: Built) -> None:
    """`<div><table><tr><td>` never closed used to put every later section of the page
    (the other statements, Why, Related policies, Changelog, History) into one table cell."""
    content = built.page("policies/SE-001")
    sections = [h.text.rstrip("¶") for h in _h2(content)]
    assert sections[-5:] == ["Why", "Related policies", "Versions", "Changelog", "History"]
    for heading in _h2(content):
        assert not any(a.startswith(("table", "td", "tr", "li", "div.pb-text", "span.pb-text")) for a in heading.ancestors), heading
    statements = [e for e in elements(content) if e.tag == "li" and e.text.startswith(("MUST", "MAY"))]
    assert len(statements) == 2  # the statement after it is still a list item of its own
    assert UNCLOSED in html.unescape(re.sub(r"<[^>]+>", "", content))  # shown as the words it is
    assert not [e for e in elements(content) if e.tag == "table" and any(a.startswith("li") for a in e.ancestors)]


def test_markup_cannot_look_like_the_theme(built: Built) -> None:
    """`<div class="admonition danger">` rendered as a genuine-looking alert box, and
    `<details open>` as an open panel; `{: .md-button }` gave a link the theme's button."""
    content = built.page("policies/SE-001")
    boxes = [e for e in elements(content) if e.tag == "div" and "admonition" in e.classes]
    assert boxes == []  # the page makes no box of its own for an active policy; policy text makes none
    assert not [e for e in elements(content) if e.tag in ("details", "summary")]
    assert not [e for e in elements(content) if "md-button" in e.classes]
    text = html.unescape(re.sub(r"<[^>]+>", "", content))
    for written in (ALERT, DETAILS, "{: .md-button .md-button--primary }"):
        assert written in text


def test_policy_text_adds_no_heading_and_no_table_of_contents_entry(built: Built) -> None:
    """Headings in policy text went into the table of contents (and a first-level one cut it
    down to one entry); now the page's own sections are its whole table of contents."""
    page = built.whole("policies/GR-001")
    content = article(page)
    sections = [h.text.rstrip("¶") for h in _h2(content)]
    assert sections == ["What you must do", "What you should do", "In practice", "How leaders model it", "Why", "Related policies", "Sources", "Versions", "Changelog", "History"]
    assert not [e for e in elements(content) if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and "injected" in e.text.lower()]
    toc = page[page.index('class="md-nav md-nav--secondary" aria-label="Table of contents"') :]
    toc = toc[: toc.index("</nav>")]
    entries = [e.text.strip() for e in elements(toc) if e.tag == "a" and "md-nav__link" in e.classes]
    assert entries == sections
    text = html.unescape(re.sub(r"<[^>]+>", "", content))
    assert "# Injected heading" in text and "## Second injected heading" in text


def test_a_reference_definition_means_nothing_outside_its_own_text(built: Built) -> None:
    content = built.page("policies/GR-001")
    assert "evil.example" not in "".join(e.attrs.get("href", "") for e in elements(content))
    assert "[the guide][evil]" in html.unescape(re.sub(r"<[^>]+>", "", content))
    role_page = built.page("expected-of-me/everyone")
    assert "evil.example" not in "".join(e.attrs.get("href", "") for e in elements(role_page))


def test_the_same_text_is_as_contained_on_role_pages(built: Built) -> None:
    content = built.page("expected-of-me/frontline")
    assert not [e for e in elements(content) if e.tag in ("details", "table") or (e.tag == "div" and "admonition" in e.classes)]
    text = html.unescape(re.sub(r"<[^>]+>", "", content))
    assert UNCLOSED in text and ALERT in text
    assert [h.text.rstrip("¶") for h in _h2(content)] == ["You must", "You should", "You may"]
