"""The leader scorecard in the built handbook: its page, each commitment's "How we are doing"
section, and charts that are static SVG with a text alternative and their numbers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from conftest import ROOT, build_site, site_project
from htmlparts import article, find

COMMITMENTS = sorted(
    data["id"] for data in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "policies").glob("LC-*.yaml")) if data["status"] in ("active", "deprecated")
)
ROSTER = [leader["name"] for leader in yaml.safe_load((ROOT / "policybook.yml").read_text(encoding="utf-8"))["leaders"]]


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_the_scorecard_page_shows_every_commitment_at_a_glance_dated_by_the_build(built_site: Path) -> None:
    page = article(_page(built_site, "scorecard"))
    assert "as of 23 November 2026, the day this handbook was built" in re.sub(r"<[^>]+>", "", page)  # the build's date (POLICYBOOK_TODAY in the tests), never the clock
    linked = re.findall(r'href="\.\./policies/(LC-\d+)/"', page)
    assert sorted(set(linked)) == COMMITMENTS
    (summary,) = find(page, "img")
    assert summary.attrs["src"] == "summary.svg" and summary.attrs["alt"].startswith("Bar chart of how the leaders' rows of the current periods stand: Met ")
    statuses = {e.text for e in find(page, "span") if "pb-score" in e.attrs.get("class", "")}
    assert {"Met", "On track", "Behind", "No records"} <= statuses  # the shipped year of records shows every case


def test_each_commitment_page_says_how_we_are_doing_with_a_chart_its_numbers_and_each_leader(built_site: Path) -> None:
    for policy_id in COMMITMENTS:
        page = article(_page(built_site, f"policies/{policy_id}"))
        assert "How we are doing" in page, policy_id
        (image,) = find(page, "img")
        assert image.attrs["src"] == f"../../scorecard/{policy_id}.svg" and (built_site / "scorecard" / f"{policy_id}.svg").is_file()
        assert image.attrs["alt"].startswith("Bar chart of ") and "numbers are in the table below" in image.attrs["alt"]
        captions = [e.text for e in find(page, "caption")]
        assert any(c.startswith("The chart's numbers") for c in captions), policy_id
        tables = find(page, "table")
        numbers = next(t for t in tables if "The chart's numbers" in t.text)
        assert "Target" in numbers.text and "Done" in numbers.text and "Lined up" in numbers.text
        assert "Ines Calloway" in page  # named: the roster's leaders, by name
    assert "Tomas Reinholt" in article(_page(built_site, "policies/LC-001")) and "left 30 June 2026" in article(_page(built_site, "policies/LC-001"))


def test_charts_are_static_svg_that_run_and_load_nothing(built_site: Path) -> None:
    charts = sorted((built_site / "scorecard").glob("*.svg"))
    assert [c.stem for c in charts] == sorted([*COMMITMENTS, "summary"])
    for chart in charts:
        svg = chart.read_text(encoding="utf-8")
        assert svg.startswith("<svg ") and "<script" not in svg.lower() and "<!--" not in svg, chart.name
        assert not re.search(r"\son[a-z]+=", svg)
        addresses = re.findall(r'(?:href|src)="([^"]*)"|url\(([^)]*)\)|@import', svg)
        assert addresses == [], chart.name
        assert set(re.findall(r"https?://[^\s\"')]+", svg)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, chart.name


def test_totals_only_the_site_shows_no_leader_by_name(tmp_path: Path) -> None:
    root = site_project(tmp_path / "project", ROOT / "policies")
    shutil.copytree(ROOT / "records", root / "records")
    (root / "policybook.yml").write_text((ROOT / "policybook.yml").read_text(encoding="utf-8").replace("  names: named", "  names: totals"), encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    pages = [*site.glob("policies/LC-*/index.html"), site / "scorecard" / "index.html", *site.glob("scorecard/*.svg"), site / "search" / "search_index.json"]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert not [name for name in ROSTER if name in text], path
    assert "Role by role" in article((site / "policies" / "LC-002" / "index.html").read_text(encoding="utf-8"))


def test_a_mistake_in_a_record_stops_the_build_with_its_place(tmp_path: Path) -> None:
    root = site_project(tmp_path / "project", ROOT / "policies")
    shutil.copy(ROOT / "policybook.yml", root / "policybook.yml")
    (root / "records").mkdir()
    (root / "records" / "2026-q4.csv").write_text("date,commitment,who\n2026-10-02,LC-001,ines-calloway\n2026-10-05,LC-001,gwen-ashcombe\n", encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 1
    assert "records/2026-q4.csv:3:19: error: Gwen Ashcombe (Managers) is not bound by LC-001, which binds: Executives; check the commitment or the person" in result.stderr
    assert not (tmp_path / "site").exists()
