"""Building handbooks from fixture projects: banners, refusals, warnings, safety, portability."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, VALID, build_site, new_project, site_project
from htmlparts import article, elements, find


def _edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "policies" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


ENV = {**os.environ, "POLICYBOOK_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}


def _policybook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("policybook")), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return site_project(tmp_path / "project")


def test_deprecated_policy_keeps_its_page_with_a_banner_linking_the_replacement(project: Path, tmp_path: Path) -> None:
    _edit(project, "SE-001-greeting.yaml", "status: active", "status: deprecated\nsuperseded_by: GR-001")
    _edit(project, "GR-001-golden-rule.yaml", "related: [SE-001]", "related: [SE-001]\nsupersedes: [SE-001]")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = article((tmp_path / "site/policies/SE-001/index.html").read_text(encoding="utf-8"))
    banner = find(page, "div", class_="admonition warning")
    assert len(banner) == 1 and "Deprecated" in banner[0].text
    assert next(a.attrs["href"] for a in elements(page) if a.tag == "a" and a.text.startswith("GR-001")) == "../GR-001/"
    assert "replaced by GR-001" in banner[0].text


def test_retired_policy_without_replacement_says_why(project: Path, tmp_path: Path) -> None:
    _edit(project, "SE-001-greeting.yaml", "status: active", "status: retired\nno_replacement_reason: Greeting is now part of GR-001.")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = article((tmp_path / "site/policies/SE-001/index.html").read_text(encoding="utf-8"))
    banner = find(page, "div", class_="admonition danger")
    assert "Retired" in banner[0].text and "Greeting is now part of GR-001." in banner[0].text
    role_page = (tmp_path / "site/expected-of-me/frontline/index.html").read_text(encoding="utf-8")
    assert 'id="SE-001-S1"' not in role_page  # a retired policy asks nothing of anyone


def test_build_with_an_invalid_policy_stops_with_the_validate_messages_and_publishes_nothing(project: Path, tmp_path: Path) -> None:
    _edit(project, "SE-001-greeting.yaml", "level: may", "level: maybe")
    _edit(project, "LC-001-customer-visits.yaml", "  count: 2", "  count: two")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = [line for line in _policybook("validate", cwd=project).stdout.splitlines() if ": error: " in line]
    assert len(problems) == 2
    for line in problems:
        assert line in result.stderr
    assert not (tmp_path / "site").exists()


def test_warnings_fail_the_strict_build_and_show_in_a_normal_one(project: Path, tmp_path: Path) -> None:
    _edit(project, "SE-001-greeting.yaml", "# yaml-language-server: $schema=../schemas/service-expectation.schema.json\n", "")
    warning = "policies/SE-001-greeting.yaml:1:1: warning: the first line should be"
    strict = build_site(project, tmp_path / "strict")
    assert strict.returncode == 1 and warning.replace(": warning: ", ": error: ") in strict.stderr  # as validate --strict
    assert not (tmp_path / "strict").exists()
    relaxed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "relaxed")], cwd=project, capture_output=True, text=True, env=ENV, check=False)
    assert relaxed.returncode == 0 and warning in relaxed.stderr


def test_the_shipped_handbook_builds_strictly_two_years_on_and_still_lists_the_overdue_reviews(tmp_path: Path) -> None:
    """No date breaks a build: from the first overdue review on, every pull request and every
    publish would fail, and nobody could publish the update that fixes it."""
    later = {**ENV, "POLICYBOOK_TODAY": "2028-12-02"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")]
    built = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=later, check=False)
    assert built.returncode == 0, built.stderr
    overdue = sorted(path.name for path in (ROOT / "policies").glob("*.yaml"))
    noticed = re.findall(r"INFO    -  policies/(\S+):\d+:\d+: notice: the review of this policy was due on", built.stderr)
    assert sorted(noticed) == overdue  # every shipped review is overdue by then, and each one says so
    listed = subprocess.run([str(Path(sys.executable).with_name("policybook")), "due", "--format", "json"], cwd=ROOT, capture_output=True, text=True, env=later, check=False)
    assert listed.returncode == 0
    reviews = json.loads(listed.stdout)["reviews"]
    assert sorted(r["source"] for r in reviews) == [f"policies/{name}" for name in overdue]
    assert all(r["overdue"] and r["owner"] for r in reviews)


PAYLOADS = [
    "<script>alert('s')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="jav&#x61;script:alert(1)">x</a>',
    "![pic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<iframe src='https://example.org'></iframe>",
    "<p onmouseover='alert(1)'>hover</p>",
]


def _live_script(page: str) -> list[str]:
    found = []
    for element in elements(page):
        if element.tag in ("script", "iframe", "object", "embed", "style", "img"):
            found.append(f"<{element.tag}>")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"{name}=")
            if name in ("href", "src", "action", "formaction") and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                found.append(f"{name}={value}")
    return found


def test_injected_script_in_policy_text_is_not_live_in_any_page(project: Path, tmp_path: Path) -> None:
    payloads = "".join(f"      {p}\n" for p in PAYLOADS)
    _edit(project, "SE-001-greeting.yaml", "    text: Greet every customer within ten seconds.", f"    text: |-\n      Greet every customer.\n{payloads}")
    _edit(project, "SE-001-greeting.yaml", "summary: Every customer is greeted, by name once we know it.", f"summary: |-\n      In short.\n{payloads}")
    _edit(project, "SE-001-greeting.yaml", "rationale: A greeting tells the customer they matter.", "rationale: |\n" + "".join(f"  {p}\n\n" for p in PAYLOADS))
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for page, marker in [("policies/SE-001", "Greet every customer."), ("expected-of-me/frontline", "Greet every customer."), ("service-expectations", "In short.")]:
        content = article((tmp_path / "site" / page / "index.html").read_text(encoding="utf-8"))
        assert marker in content
        assert _live_script(content) == [], page


def test_a_hand_written_page_in_the_way_of_a_generated_one_stops_the_build(project: Path, tmp_path: Path) -> None:
    (project / "handbook" / "policies").mkdir()
    (project / "handbook" / "policies" / "GR-001.md").write_text("# Mine\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1
    assert "policies/GR-001.md is in the way of a page the handbook generates" in result.stderr


def test_rendered_pages_build_the_same_site_without_hooks(project: Path, tmp_path: Path) -> None:
    hooked = build_site(project, tmp_path / "hooked")
    assert hooked.returncode == 0, hooked.stderr
    rendered = _policybook("render", str(tmp_path / "docs"), cwd=project)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout.endswith("(3 policy pages)\n")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("hooks:\n  - hooks/handbook.py\n", "").replace("docs_dir: handbook", f"docs_dir: {tmp_path / 'docs'}")
    config = config.replace("markdown_extensions:\n", "markdown_extensions:\n  - policybook.render.safe\n")  # as README says for other builders
    (project / "plain.yml").write_text(config, encoding="utf-8")
    plain = build_site(project, tmp_path / "plain", config=project / "plain.yml")
    assert plain.returncode == 0, plain.stderr
    hooked_pages = sorted(p.relative_to(tmp_path / "hooked").as_posix() for p in (tmp_path / "hooked").rglob("*.html"))
    plain_pages = sorted(p.relative_to(tmp_path / "plain").as_posix() for p in (tmp_path / "plain").rglob("*.html"))
    assert hooked_pages == plain_pages
    for page in hooked_pages:
        if page.startswith(("policies/", "expected-of-me/")):
            assert _without_edit_button(tmp_path / "hooked" / page) == _without_edit_button(tmp_path / "plain" / page), page


def _without_edit_button(page: Path) -> str:
    """The page's content; only the hooks know where a generated page's source is."""
    content = re.sub(r'<a [^>]*rel="edit">.*?</a>', "", article(page.read_text(encoding="utf-8")), flags=re.S)
    return " ".join(content.split())


def test_render_refuses_to_write_when_a_policy_is_invalid(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", VALID)
    _edit(project, "SE-001-greeting.yaml", "level: may", "level: maybe")
    result = _policybook("render", "out", cwd=project)
    assert result.returncode == 1
    assert "policies/SE-001-greeting.yaml:18:12: error: 'level' is 'maybe'" in result.stdout
    assert not (project / "out").exists()


def _git(root: Path, *args: str) -> None:
    env = {**ENV, "GIT_AUTHOR_DATE": "2026-10-01T09:00:00", "GIT_COMMITTER_DATE": "2026-10-01T09:00:00"}
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], check=True, capture_output=True, env=env)


def test_policy_pages_show_the_git_history_of_their_file_across_renames(project: Path, tmp_path: Path) -> None:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "First handbook")
    _git(project, "mv", "policies/SE-001-greeting.yaml", "policies/SE-001-greeting-customers.yaml")
    _git(project, "commit", "-q", "-m", "Rename <SE-001> | for clarity")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = article((tmp_path / "site/policies/SE-001/index.html").read_text(encoding="utf-8"))
    history = page[page.index('id="history"') :]
    rows = [[cell.text for cell in row.children] for row in _rows(history)]
    assert [row[1] for row in rows] == ["Rename <SE-001> | for clarity", "First handbook"]
    assert all(row[0] == "2026-10-01" for row in rows)
    links = [e.attrs["href"] for e in find(history, "a") if "/commit/" in e.attrs.get("href", "")]
    assert len(links) == 2 and all(re.fullmatch(r"https://github.com/harbour-and-pine/service-handbook/commit/[0-9a-f]{40}", link) for link in links)


def _rows(html: str) -> list:
    table_rows = []
    for element in elements(html[: html.index("</table>")]):
        if element.tag == "tr":
            table_rows.append(element)
        elif element.tag == "td" and table_rows:
            table_rows[-1].children.append(element)
    return [row for row in table_rows if row.children]


def test_without_git_the_page_builds_and_says_history_is_unavailable(project: Path, tmp_path: Path) -> None:
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = article((tmp_path / "site/policies/GR-001/index.html").read_text(encoding="utf-8"))
    assert "The history of this file is unavailable: the handbook was built from a folder that is not a git repository." in page


def test_whats_new_lists_changes_newest_first_and_what_is_coming(project: Path, tmp_path: Path) -> None:
    _edit(project, "LC-001-customer-visits.yaml", 'effective: "2026-04-01"', 'effective: "2027-01-01"')
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = article((tmp_path / "site/whats-new/index.html").read_text(encoding="utf-8"))
    coming = page[page.index('id="coming-soon"') : page.index('id="recent-changes"')]
    assert [row.children[0].text for row in _rows(coming)] == ["Coming on 2027-01-01"]
    recent = page[page.index('id="recent-changes"') :]
    dates = [row.children[0].text for row in _rows(recent)]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5  # every changelog entry of the three policies
    home = article((tmp_path / "site/index.html").read_text(encoding="utf-8"))
    assert 'href="whats-new/"' in home


def test_a_handbook_with_the_plugin_builds_the_same_site_as_this_one_with_its_hook(tmp_path: Path) -> None:
    """Other handbooks install policybook and list it under `plugins:`; this one wires the
    same plugin in through hooks/handbook.py. Both ways make the same site, byte for byte."""
    hooked = site_project(tmp_path / "hooked")
    plugged = site_project(tmp_path / "plugged")
    config = plugged / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("hooks:\n  - hooks/handbook.py\n") == 1 and text.count("plugins:\n  - search\n  - tags\n") == 1
    config.write_text(text.replace("hooks:\n  - hooks/handbook.py\n", "").replace("plugins:\n  - search\n  - tags\n", "plugins:\n  - search\n  - tags\n  - policybook\n"), encoding="utf-8")
    shutil.rmtree(plugged / "hooks")
    for root in (hooked, plugged):
        result = build_site(root, tmp_path / f"site-{root.name}")
        assert result.returncode == 0, result.stderr
    files = {site: {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} for site in (tmp_path / "site-hooked", tmp_path / "site-plugged")}
    first, second = files.values()
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_a_build_leaves_the_environment_of_the_process_as_it_was(project: Path, tmp_path: Path) -> None:
    """The plugin dates pages and the sitemap itself: no SOURCE_DATE_EPOCH set for the whole process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    assert "SOURCE_DATE_EPOCH" not in os.environ
    before = dict(os.environ)
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True))
    changed = {key for key in set(before) | set(os.environ) if before.get(key) != os.environ.get(key)}
    assert changed <= {"NO_MKDOCS_2_WARNING"}  # that one is the theme's, not policybook's
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    newest = max(entry for path in (project / "policies").glob("*.yaml") for entry in re.findall(r'date: "?([0-9-]{10})', path.read_text(encoding="utf-8")))
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {newest}  # dated by the sources, not the clock


def test_the_stylesheet_print_script_and_theme_parts_come_with_the_plugin(tmp_path: Path) -> None:
    """A handbook that only lists the plugin gets what every policybook handbook needs, from the
    installed package; its own theme folder (custom_dir) still wins for the parts it overrides."""
    root = site_project(tmp_path / "p")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"extra_css:\n(  - .*\n)+", "", text)
    text = re.sub(r"extra_javascript:\n(  - .*\n)+", "", text)
    text = text.replace("  name: material\n", "  name: material\n  custom_dir: mine\n")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    (root / "mine" / "partials").mkdir(parents=True)
    (root / "mine" / "partials" / "source.html").write_text('<a class="md-source" href="https://example.org/ours">Ours</a>\n', encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    package = Path(__import__("policybook").__file__).parent / "data" / "assets"
    for name in ("stylesheets/policybook.css", "javascripts/print.js"):
        assert (tmp_path / "site" / name).read_bytes() == (package / name).read_bytes()
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="stylesheets/policybook.css"' in home and 'src="javascripts/print.js"' in home
    assert len(find(home, "link", rel="alternate", type="application/atom+xml")) == 1  # policybook's main.html
    assert "https://example.org/ours" in home  # the handbook's own partial, not policybook's
