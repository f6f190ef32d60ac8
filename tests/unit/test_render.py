"""Rendering helpers: values keep their meaning in Markdown, and generated HTML is safe."""

from __future__ import annotations

import html as html_lib

import markdown
import pytest

from policybook.render import source_edit_url
from policybook.render.safe import sanitise
from policybook.render.text import cell, plain, relative

MD = markdown.Markdown(extensions=["tables", "policybook.render.safe"])


def to_html(text: str) -> str:
    MD.reset()
    return MD.convert(text)


@pytest.mark.parametrize(
    "title",
    ["Q&A: *not* emphasis", "[link](javascript:alert(1))", "Use `code` and _under_ #1", "a \\ b", "&lt;script&gt; typed literally"],
)
def test_plain_text_shows_exactly_as_written(title: str) -> None:
    html = to_html(f"# {plain(title)}")
    inner = html.split(">", 1)[1].rsplit("<", 1)[0]
    assert html_lib.unescape(inner) == title
    assert "<a" not in html and "<em" not in html and "<code" not in html


def test_cell_keeps_a_table_row_intact() -> None:
    html = to_html("| a | b |\n|---|---|\n| " + cell("one | two\nthree") + " | x |")
    assert html.count("<td>") == 2
    assert "one | two three" in " ".join(html_lib.unescape(html).split())


@pytest.mark.parametrize(
    ("payload", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("[x](javascript:alert(1))", "javascript:"),
        ("[x]( JAVASCRIPT:alert(1))", "javascript:"),
        ('<a href="jav&#x61;script:alert(1)">x</a>', "script:"),
        ("[x](data:text/html,<script>alert(1)</script>)", "data:"),
        ("<iframe src=//evil></iframe>", "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
        ("<object data=x></object>", "<object"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style="),
    ],
)
def test_pages_are_sanitised(payload: str, forbidden: str) -> None:
    html = to_html(f"{payload}\n")
    assert forbidden not in html.lower()


def test_safe_links_survive_sanitising() -> None:
    html = to_html("[a](https://example.org/x) [b](mailto:owner@example.org) [c](../policies/GR-001/) [d](#s1)\n")
    for href in ("https://example.org/x", "mailto:owner@example.org", "../policies/GR-001/", "#s1"):
        assert f'href="{href}"' in html


def test_the_extension_sanitises_every_page_whatever_the_page_says() -> None:
    """Nothing in a page turns the sanitiser on or off: a page without the old marker line,
    or with it, is sanitised the same (a cached page edited to drop it published script)."""
    for page in ("<script>alert('site-cache')</script>\n", "<!-- policybook:sanitise -->\n\n<script>alert(1)</script>\n", '<span onclick="x">hi</span>'):
        html = to_html(page)
        assert "<script" not in html and "onclick" not in html


def test_sanitise_keeps_the_structure_pages_use() -> None:
    html = '<h2 id="why">Why</h2><table><thead><tr><th>a</th></tr></thead></table><span class="pb-level pb-level--must" id="statement-S1">MUST</span>'
    assert sanitise(html) == html


@pytest.mark.parametrize(
    ("edit_uri", "expected"),
    [
        ("edit/main/handbook/", "https://github.com/o/r/edit/main/policies/GR-001-x.yaml"),
        ("edit/main/", "https://github.com/o/r/edit/main/policies/GR-001-x.yaml"),
        (None, "https://github.com/o/r/edit/main/policies/GR-001-x.yaml"),
        ("-/edit/trunk/handbook", "https://github.com/o/r/-/edit/trunk/policies/GR-001-x.yaml"),
    ],
)
def test_edit_url_points_at_the_policy_source(edit_uri: str | None, expected: str) -> None:
    assert source_edit_url("https://github.com/o/r/", edit_uri, "handbook", "policies/GR-001-x.yaml") == expected


def test_no_repository_means_no_edit_url() -> None:
    assert source_edit_url(None, "edit/main/", "handbook", "policies/GR-001-x.yaml") is None


@pytest.mark.parametrize(
    ("source", "target", "link"),
    [
        ("policies/GR-001.md", "policies/SE-001.md", "SE-001.md"),
        ("expected-of-me/frontline.md", "policies/SE-001.md#statement-S1", "../policies/SE-001.md#statement-S1"),
        ("golden-rule.md", "policies/index.md", "policies/index.md"),
    ],
)
def test_links_between_generated_pages_are_relative(source: str, target: str, link: str) -> None:
    assert relative(source, target) == link


def _fixture_policies():
    import yaml

    from conftest import VALID
    from policybook.model import policy_from_data

    return [policy_from_data(yaml.safe_load(p.read_text(encoding="utf-8")), source=f"policies/{p.name}") for p in sorted(VALID.glob("*.yaml"))]


def test_long_role_listings_are_split_into_linked_pages_that_together_list_every_statement() -> None:
    import re as re_lib

    import yaml

    from policybook.render.roles import render_role_pages

    policies = _fixture_policies()
    pages = render_role_pages("manager", policies, day="2026-11-23", size=1)
    assert list(pages) == ["expected-of-me/manager.md", "expected-of-me/manager/page-2.md"]  # LC-001 binds executives only
    listed = [m for text in pages.values() for m in re_lib.findall(r'class="pb-statement" id="([^"]+)"', text)]
    expected = [f"{p.id}-{s.id}" for p in policies for s in p.applies_to("manager")]
    assert sorted(listed) == sorted(expected) and len(listed) == len(set(listed))
    second = pages["expected-of-me/manager/page-2.md"]
    assert "# What is expected of managers (page 2 of 2)" in second
    assert "Page 2 of 2: [1](../manager.md) · **2**" in second
    front = yaml.safe_load(second.split("---\n")[1])
    assert front == {"title": "What is expected of managers (page 2 of 2)", "search": {"exclude": True}}


def test_a_short_listing_is_one_page_without_a_pager() -> None:
    from policybook.render.indexes import render_catalogue_pages

    pages = render_catalogue_pages(_fixture_policies())
    assert list(pages) == ["policies/index.md"]
    assert "Page 1" not in pages["policies/index.md"]


def test_catalogue_pages_sit_beside_the_first() -> None:
    from policybook.render.indexes import render_catalogue_pages

    assert list(render_catalogue_pages(_fixture_policies(), size=2)) == ["policies/index.md", "policies/page-2.md"]
