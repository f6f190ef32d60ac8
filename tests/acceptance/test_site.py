"""The real handbook, built strictly through the hooks, as its readers get it."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, mkdocs_yml
from htmlparts import article, elements, find

POLICY_FILES = sorted((ROOT / "policies").glob("*.yaml"))
ROLES = ["everyone", "frontline", "manager", "executive", "support-functions"]


def _policies() -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in POLICY_FILES]


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_policy_has_exactly_one_page_with_its_title(built_site: Path) -> None:
    pages = sorted(p.name for p in (built_site / "policies").iterdir() if p.is_dir())
    assert pages == sorted(p["id"] for p in _policies())
    for policy in _policies():
        headings = find(_page(built_site, f"policies/{policy['id']}"), "h1")
        assert [h.text.rstrip("¶") for h in headings] == [policy["title"]]


def test_every_policy_title_is_in_the_search_index(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {html.unescape(doc["title"]) for doc in index["docs"]}
    for policy in _policies():
        assert policy["title"] in titles or f"{policy['id']} · {policy['title']}" in titles


def _expected_statements(role: str) -> set[str]:
    expected = set()
    for policy in _policies():
        if policy["status"] not in ("active", "deprecated"):
            continue
        for statement in policy["statements"]:
            audience = statement.get("audience", policy["audience"])
            if role in audience or "everyone" in audience:
                expected.add(f"{policy['id']}-{statement['id']}")
    return expected


@pytest.mark.parametrize("role", ROLES)
def test_role_page_lists_exactly_the_statements_for_that_role(built_site: Path, role: str) -> None:
    pages = [built_site / f"expected-of-me/{role}/index.html", *sorted((built_site / f"expected-of-me/{role}").glob("page-*/index.html"))]
    listed = [e.attrs["id"] for path in pages for e in find(article(path.read_text(encoding="utf-8")), "span", class_="pb-statement")]
    assert len(listed) == len(set(listed))
    assert set(listed) == _expected_statements(role)
    assert _expected_statements(role)


def test_leader_role_pages_show_their_targets(built_site: Path) -> None:
    page = article(_page(built_site, "expected-of-me/executive"))
    for policy in _policies():
        if policy["kind"] == "leader-commitment" and "executive" in policy["roles"]:
            target = policy["target"]
            unit = target["unit"][:-1] if target["count"] == 1 else target["unit"]
            assert f"{target['count']} {unit} per {target['per']}" in page


def test_policy_page_shows_facts_levels_and_kind_tables(built_site: Path) -> None:
    page = article(_page(built_site, "policies/SE-005"))
    policy = yaml.safe_load(next(p for p in POLICY_FILES if p.name.startswith("SE-005")).read_text(encoding="utf-8"))
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    for value in (policy["version"], policy["effective"], policy["review_by"], policy["owner"], "Active"):
        assert value in text
    levels = {e.text for e in find(page, "span", class_="pb-level pb-level--must")}
    assert levels == {"MUST"}
    headers = [e.text for e in find(page, "th")]
    assert headers[headers.index("Channel") : headers.index("Channel") + 4] == ["Channel", "What", "Within", "Met for"]
    assert len(find(page, "tr")) >= len(policy["response_standards"]) + 1


def test_edit_action_and_propose_link_open_the_yaml_source(built_site: Path) -> None:
    page = _page(built_site, "policies/GR-001")
    source = next(p for p in POLICY_FILES if p.name.startswith("GR-001")).relative_to(ROOT).as_posix()
    url = f"https://github.com/harbour-and-pine/service-handbook/edit/main/{source}"
    assert [e.attrs["href"] for e in find(page, "a", rel="edit")] == [url]
    assert any(e.attrs.get("href") == url and "propose a change" in e.text for e in elements(article(page)))


def test_navigation_stays_the_same_size_whatever_the_number_of_policies(built_site: Path) -> None:
    page = _page(built_site, "policies/SE-001")
    nav = page[page.index('<nav class="md-nav md-nav--primary"') : page.index("</nav>", page.index('<nav class="md-nav md-nav--primary"'))]
    assert not re.search(r"policies/(GR|SE|LC)-\d+", nav)
    nav_config = mkdocs_yml()["nav"]
    assert len(json.dumps(nav_config).split(".md")) - 1 == 17  # sections, role pages, reviews due and the leader scorecard only


def test_section_pages_and_catalogue_lead_to_every_policy(built_site: Path) -> None:
    catalogue = article(_page(built_site, "policies"))
    linked = {e.attrs["href"].strip("./").removesuffix("/") for e in find(catalogue, "a") if re.match(r"^\.?\.?/?(GR|SE|LC)-", e.attrs.get("href", ""))}
    assert linked == {p["id"] for p in _policies()}
    for kind, section in [("golden-rule", "golden-rule"), ("service-expectation", "service-expectations"), ("leader-commitment", "leader-commitments")]:
        page = article(_page(built_site, section))
        for policy in _policies():
            assert (f"policies/{policy['id']}/" in page) == (policy["kind"] == kind)


def test_policies_json_matches_the_sources(built_site: Path) -> None:
    published = json.loads((built_site / "policies.json").read_text(encoding="utf-8"))
    records = {r["id"]: r for r in published["policies"]}
    assert set(records) == {p["id"] for p in _policies()}
    for path in POLICY_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        record = records[data["id"]]
        assert record["source"] == path.relative_to(ROOT).as_posix()
        assert record["policy"] == data
        assert (built_site / record["page"] / "index.html").is_file()


@pytest.mark.parametrize("schema", sorted(p.name for p in (ROOT / "schemas").glob("*.json") if p.name != "policybook.schema.json"))
def test_schemas_are_published_byte_for_byte(built_site: Path, schema: str) -> None:
    assert (built_site / "schemas" / schema).read_bytes() == (ROOT / "schemas" / schema).read_bytes()


def test_schema_reference_describes_every_field(built_site: Path) -> None:
    page = article(_page(built_site, "reference/schemas"))
    codes = {e.text for e in find(page, "code")}
    for schema in (ROOT / "schemas").glob("*.schema.json"):
        if schema.name == "policybook.schema.json":
            continue  # the configuration's, not a policy's
        data = json.loads(schema.read_text(encoding="utf-8"))
        properties = data.get("$defs", {}).get("envelope", data).get("properties", {})
        assert set(properties) - {"kind"} <= codes


def test_tags_page_lists_policies_by_tag(built_site: Path) -> None:
    page = _page(built_site, "tags")
    for policy in _policies():
        for tag in policy.get("tags", []):
            assert f'id="tag:{tag}"' in page


def test_home_page_leads_to_golden_rule_roles_and_search(built_site: Path) -> None:
    page = article(_page(built_site, ""))
    hrefs = {e.attrs.get("href") for e in find(page, "a")}
    assert {"policies/GR-001/", "expected-of-me/"} <= hrefs
    assert "Search" in page
    assert find(_page(built_site, ""), "input", name="query")


def test_the_site_asks_no_outside_host_for_anything(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        content = page.read_text(encoding="utf-8")
        fetched = re.findall(r'<(?:script|img)[^>]+src="(https?://[^"]+)"|<link[^>]+rel="(?:stylesheet|preload|preconnect|icon|modulepreload)"[^>]+href="(https?://[^"]+)"', content)
        assert fetched == [], page
        assert 'data-md-component="source"' not in content


def test_linkchecker_finds_no_broken_link(built_site: Path) -> None:
    command = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "linkcheck", f"SITE_DIR={built_site}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked\. 0 warnings found\. 0 errors found\.", result.stdout)
    assert checked, result.stdout
    assert int(checked.group(2)) > 60  # it really walked the site, not just the home page


def test_one_of_a_unit_is_singular(built_site: Path) -> None:
    """Finding: "1 business days" (SE-005)."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article(_page(built_site, "policies/SE-005")))).split())
    assert "1 business day " in text
    assert "1 business days" not in text


def test_the_schema_reference_puts_each_group_of_fields_under_its_own_kind(built_site: Path) -> None:
    """Finding: every nested section ("behaviours in a golden rule", "use in a phrases") sat
    under "Leader commitment fields"."""
    page = article(_page(built_site, "reference/schemas"))
    headings = [(e.tag, " ".join(e.text.rstrip("¶").split())) for e in elements(page) if e.tag in ("h2", "h3")]
    owner = {}
    current = ""
    for tag, text in headings:
        if tag == "h2":
            current = text
        else:
            owner[text] = current
    assert owner["Fields of behaviours"] == "Golden rule fields"
    assert owner["Fields of each entry in phrases.use"] == "Service expectation fields"
    assert owner["Fields of target"] == "Leader commitment fields"
    assert owner["Fields of each entry in statements"] == "Fields every policy has"
    assert not any(" in a " in text for _, text in headings)


def test_search_indexes_the_policies_and_leaves_out_pages_that_repeat_them(built_site: Path) -> None:
    """Finding: the Tags page and What's new came up for "visit", the file reference for "phone"."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert pages == {f"policies/{p['id']}/" for p in _policies()} | {"proposing-a-change/"}
    boosts = {doc["location"]: doc.get("boost") for doc in index["docs"] if "#" not in doc["location"]}
    assert {boosts[f"policies/{p['id']}/"] for p in _policies()} == {None}  # no policy outranks another by fiat
    assert boosts["proposing-a-change/"] < 1


def test_every_version_of_every_shipped_policy_has_a_page(built_site: Path) -> None:
    for policy in _policies():
        page = article(_page(built_site, f"policies/{policy['id']}/{policy['version']}"))
        assert f"(version {policy['version']})" in " ".join(find(page, "h1")[0].text.split())
        versions = article(_page(built_site, f"policies/{policy['id']}"))
        assert f'href="{policy["version"]}/"' in versions[versions.index('id="versions"') :]


def test_reviews_due_and_the_feed_are_published(built_site: Path) -> None:
    assert find(article(_page(built_site, "reviews-due")), "h1")[0].text.startswith("Reviews due")
    feed = (built_site / "whats-new.xml").read_text(encoding="utf-8")
    assert feed.startswith("<?xml") and '<feed xmlns="http://www.w3.org/2005/Atom"' in feed
