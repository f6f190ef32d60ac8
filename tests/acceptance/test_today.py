"""What an employee reads is what applies to them today: status told truthfully, every
published version kept at its own address, overdue reviews shown, changes to follow.

Built from the fixture handbook with a git history (tests/fixtures/timeline/history.yaml):
on the build day, 2026-11-23, LC-001 is at 1.1.0 with 2.0.0 coming on 2027-01-15, SE-002 is
a draft, SE-003 is being phased out for SE-001, SE-004 is retired, and SE-001's review is
overdue.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import build_site, site_project
from htmlparts import Element, article, elements, find

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://handbook.harbour-and-pine.example/"


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _text(html_text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def _rows(html_text: str) -> list[list[str]]:
    """The data rows of the first table in `html_text`, as cell texts."""
    rows: list[Element] = []
    for element in elements(html_text[: html_text.index("</table>")]):
        if element.tag == "tr":
            rows.append(element)
        elif element.tag == "td" and rows:
            rows[-1].children.append(element)
    return [[_text(cell.text) for cell in row.children] for row in rows if row.children]


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("<h2", start)
    return page[start : end if end != -1 else len(page)]


def _search_locations(site: Path) -> set[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"].split("#")[0] for doc in index["docs"]}


# Drafts and proposals ------------------------------------------------------------------


def test_a_draft_is_not_published_anywhere_by_default(timeline_site: Path) -> None:
    """Finding: a draft got a "What you must do" section, showed up in search and on role
    pages, and was listed in What's new under "Approved"."""
    assert not (timeline_site / "policies" / "SE-002").exists()
    assert not (timeline_site / "proposals").exists()
    for page in timeline_site.rglob("*.html"):
        assert "zebracrossing" not in page.read_text(encoding="utf-8"), page
    assert "zebracrossing" not in (timeline_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "SE-002" not in _text(article(_page(timeline_site, "whats-new")))
    assert "SE-002" not in (timeline_site / "whats-new.xml").read_text(encoding="utf-8")
    records = json.loads((timeline_site / "policies.json").read_text(encoding="utf-8"))["policies"]
    assert "SE-002" not in {r["id"] for r in records}
    catalogue = _text(article(_page(timeline_site, "policies")))
    assert "Drafts and proposals (1) do not apply yet and are not listed here." in catalogue


def test_published_proposals_sit_apart_marked_as_not_in_force(proposals_site: Path) -> None:
    page = article(_page(proposals_site, "proposals/SE-002"))
    first = find(page, "div", class_="admonition info")[0]
    assert "Proposal: not in force" in first.text and "does not apply yet and asks nothing of anyone" in first.text
    assert "zebracrossing" in page
    assert find(page, "span", class_="pb-level pb-level--must") == []
    assert "What you must do" not in page
    assert [e.text for e in find(page, "span", class_="pb-said")] == ["must"]
    index = article(_page(proposals_site, "proposals"))
    assert _rows(index)[0][:3] == ["SE-002", "Names at handover", "Draft"]
    assert "None of them applies yet" in _text(index)
    # never on role pages, never in search, never in What's new, no tags
    for role in ("everyone", "frontline", "manager", "executive", "support-functions"):
        assert "zebracrossing" not in _page(proposals_site, f"expected-of-me/{role}")
    assert not {loc for loc in _search_locations(proposals_site) if loc.startswith("proposals/")}
    assert "zebracrossing" not in (proposals_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "SE-002" not in _text(article(_page(proposals_site, "whats-new")))
    assert not (proposals_site / "policies" / "SE-002").exists()
    catalogue = article(_page(proposals_site, "policies"))
    assert any(a.attrs.get("href") == "../proposals/" for a in find(catalogue, "a"))


# A version still to come -----------------------------------------------------------------


def test_a_version_taking_effect_later_leaves_todays_version_on_the_page_and_announces_the_next(timeline_site: Path) -> None:
    """Finding: raised to 2.0.0 with `effective: 2027-01-15` and a new target, the page
    showed "Active" and "6 visits per year" with no banner, and the version that applies
    until then was nowhere on the page."""
    page = article(_page(timeline_site, "policies/LC-001"))
    text = _text(page)
    assert "2 visits per quarter" in text
    assert "6 visits per year" not in text
    assert "Visit customers where they are at least twice a quarter." in text
    notice = find(page, "div", class_="admonition info")[0]
    assert "Changing on 2027-01-15" in notice.text
    assert "This page shows version 1.1.0, which applies today." in notice.text
    assert "From 2027-01-15: version 2.0.0 applies. Six visits a year instead of two a quarter" in _text(notice.text)
    facts = _text(find(page, "div", class_="pb-facts")[0].text)
    assert "Version 1.1.0" in facts and "Effective 2026-04-01" in facts
    coming = article(_page(timeline_site, "policies/LC-001/2.0.0"))
    assert "6 visits per year" in _text(coming) and "It takes effect on 2027-01-15." in _text(coming)


def test_role_pages_list_the_version_in_force_today(timeline_site: Path) -> None:
    page = _text(article(_page(timeline_site, "expected-of-me/executive")))
    assert "Visit customers where they are at least twice a quarter." in page
    assert "2 visits per quarter" in page
    assert "Make six customer visits a year" not in page and "6 visits per year" not in page


# Every version, at its own address ------------------------------------------------------


def test_the_policy_page_tables_every_version_with_the_days_it_applied(timeline_site: Path) -> None:
    versions = _section(article(_page(timeline_site, "policies/LC-001")), "versions")
    assert _rows(versions) == [
        ["2.0.0", "2027-01-15", "", "Active · coming"],
        ["1.1.0", "2026-04-01", "2027-01-15", "Active · in force today"],
        ["1.0.0", "2026-01-01", "2026-04-01", "Active"],
    ]
    links = [a.attrs["href"] for a in find(versions, "a") if not a.attrs["href"].startswith("#")]
    assert links == ["2.0.0/", "1.1.0/", "1.0.0/"]


@pytest.mark.parametrize(
    ("day", "version", "says", "lacks"),
    [
        ("2026-02-15", "1.0.0", "Visit customers where they are at least twice a quarter.", "Take a colleague from another team along."),
        ("2026-11-23", "1.1.0", "Take a colleague from another team along.", "Make six customer visits a year"),
        ("2027-02-01", "2.0.0", "Make six customer visits a year", "at least twice a quarter"),
    ],
)
def test_anyone_can_read_what_a_policy_said_on_a_given_day(timeline_site: Path, day: str, version: str, says: str, lacks: str) -> None:
    """The versions table says which version applied on `day`; its page at a stable address
    says exactly what that version said."""
    rows = _rows(_section(article(_page(timeline_site, "policies/LC-001")), "versions"))
    applied = [row[0] for row in rows if row[1] <= day and (not row[2] or day < row[2])]
    assert applied == [version]
    page = article(_page(timeline_site, f"policies/LC-001/{version}"))
    assert f"(version {version})" in find(page, "h1")[0].text
    assert says in _text(page) and lacks not in _text(page)
    assert find(page, "span", class_="pb-level pb-level--must") == []  # a record, not rules in force


def test_version_pages_stay_out_of_search_and_navigation(timeline_site: Path) -> None:
    located = _search_locations(timeline_site)
    assert "policies/LC-001/" in located
    assert not {loc for loc in located if re.match(r"policies/[A-Z]+-\d+/\d", loc)}
    nav = _page(timeline_site, "policies/LC-001/1.0.0")
    nav = nav[nav.index('<nav class="md-nav md-nav--primary"') :]
    assert "1.0.0" not in nav[: nav.index("</nav>")]


def test_outside_git_the_page_says_older_versions_are_unavailable(tmp_path: Path, timeline_root: Path) -> None:
    project = site_project(tmp_path / "plain", timeline_root / "policies")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = article(_page(tmp_path / "site", "policies/LC-001"))
    text = _text(page)
    assert "Older versions are unavailable: the handbook was built from a folder that is not a git repository." in text
    notice = find(page, "div", class_="admonition info")[0]
    assert "This policy takes effect on 2027-01-15. Until then it does not apply." in _text(notice.text)
    assert find(page, "span", class_="pb-level pb-level--must") == []
    assert "Make six customer visits a year" not in _text(article(_page(tmp_path / "site", "expected-of-me/executive")))


# No longer in force ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "kind", "title", "says"),
    [
        ("SE-003", "warning", "Deprecated: being phased out", "This policy is being phased out. It is replaced by SE-001 · Greeting customers: follow that instead."),
        ("SE-004", "danger", "Retired: no longer applies", "This policy no longer applies. It was not replaced."),
    ],
)
def test_a_policy_no_longer_in_force_says_so_first_and_keeps_its_text_as_a_record(timeline_site: Path, policy: str, kind: str, title: str, says: str) -> None:
    """Finding: retired and deprecated pages still said "What you must do" with MUST badges."""
    page = article(_page(timeline_site, f"policies/{policy}"))
    after_title = page[page.index("</h1>") + len("</h1>") :]
    assert after_title.lstrip().startswith(f'<div class="admonition {kind}">')
    notice = find(page, "div", class_=f"admonition {kind}")[0]
    assert title in notice.text and says in _text(notice.text)
    assert "What you must do" not in page
    assert find(page, "span", class_="pb-level pb-level--must") == []
    assert [e.text for e in find(page, "span", class_="pb-said")] == ["must"]
    assert find(page, "h2", id="required-must")
    assert (timeline_site / "policies" / policy / "1.0.0" / "index.html").is_file()  # what it said while in force


def test_a_retired_policy_is_on_no_role_page_and_a_phased_out_one_says_so(timeline_site: Path) -> None:
    frontline = _text(article(_page(timeline_site, "expected-of-me/frontline")))
    assert "Reply to every fax" not in frontline
    assert "SE-003 · Closing a conversation (being phased out: see its page for what replaces it)" in frontline


# Overdue reviews ---------------------------------------------------------------------------


def test_an_overdue_review_shows_on_the_page_and_on_reviews_due(timeline_site: Path) -> None:
    """Finding: overdue reviews were invisible on the page."""
    page = article(_page(timeline_site, "policies/SE-001"))
    notice = find(page, "div", class_="admonition note")[0]
    assert "Review overdue" in notice.text
    assert "The review of this policy was due on 2026-10-01. Store Operations owns it" in _text(notice.text)
    reviews = article(_page(timeline_site, "reviews-due"))
    rows = _rows(reviews)
    assert ["SE-001 · Greeting customers", "Store Operations", "2026-10-01", "overdue by 53 days"] in rows
    assert not any(row[0].startswith(("SE-004", "SE-002")) for row in rows)  # retired, or not published
    assert "overdue" not in _text(article(_page(timeline_site, "policies/GR-001")))


# Following changes -------------------------------------------------------------------------


def test_whats_new_is_an_atom_feed_linked_from_the_page_and_every_head(timeline_site: Path) -> None:
    feed = ET.parse(timeline_site / "whats-new.xml").getroot()  # noqa: S314 - our own build output
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "LC-001 Executive customer visits: version 2.0.0"
    assert "SE-004 Replying to faxes: version 2.0.0" in titles
    for entry in entries:
        href = entry.find(f"{ATOM}link").attrib["href"]  # type: ignore[union-attr]
        assert href.startswith(SITE_URL)
        assert (timeline_site / href.removeprefix(SITE_URL) / "index.html").is_file(), href  # each entry opens the version it announces
        assert entry.findtext(f"{ATOM}updated", "").endswith("T00:00:00+00:00")
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    page = _page(timeline_site, "whats-new")
    assert any(a.attrs.get("href") == "../whats-new.xml" and a.text == "Atom feed" for a in find(article(page), "a"))
    for path in ("whats-new", "policies/LC-001", ""):
        links = find(_page(timeline_site, path), "link", rel="alternate", type="application/atom+xml")
        assert len(links) == 1 and (timeline_site / path / links[0].attrs["href"]).resolve() == (timeline_site / "whats-new.xml").resolve()


def test_the_feed_is_the_same_bytes_in_two_builds(timeline_root: Path, timeline_site: Path, tmp_path: Path) -> None:
    again = build_site(timeline_root, tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "whats-new.xml").read_bytes() == (timeline_site / "whats-new.xml").read_bytes()
    assert (tmp_path / "again" / "policies" / "LC-001" / "1.0.0" / "index.html").read_bytes() == (timeline_site / "policies" / "LC-001" / "1.0.0" / "index.html").read_bytes()


# Small things ------------------------------------------------------------------------------


def test_one_of_a_unit_is_singular(timeline_site: Path) -> None:
    """Finding: "1 business days"."""
    page = _text(article(_page(timeline_site, "policies/SE-004/1.0.0")))
    assert "1 business day " in page and "1 business days" not in page
