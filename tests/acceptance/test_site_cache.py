"""The cache can only make a build faster, never change what it publishes.

Every page the hook generates is sanitised on every build because the hook made it, not
because of anything in it; the cached pages are used only when signed with this user's
key; an unusable cache folder is one notice, which no strict build fails on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import policybook.site
from conftest import build_site, site_project
from folders import build_in_process

SCRIPT = "<script>alert('site-cache')</script>"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    return site_project(tmp_path / "project")


def _scripts(site: Path) -> list[str]:
    return [str(page) for page in site.rglob("*.html") if "alert('site-cache')" in page.read_text(encoding="utf-8")]


def test_an_edited_site_json_cannot_publish_script(project: Path, tmp_path: Path) -> None:
    """The sanitiser ran only on pages starting with `<!-- policybook:sanitise -->`: a page
    edited in site.json to lack that line was published as it was, script and all."""
    assert build_site(project, tmp_path / "first").returncode == 0
    [cache_file] = (tmp_path / "cache").rglob("site.json")
    text = cache_file.read_text(encoding="utf-8")
    start = text.index("{")  # after the signature line, if there is one
    content = json.loads(text[start:])
    content["site"]["pages"]["policies/SE-001.md"] = f"---\ntitle: SE-001\n---\n\n# Greeting\n\n{SCRIPT}\n"
    cache_file.write_text(text[:start] + json.dumps(content), encoding="utf-8")
    result = build_site(project, tmp_path / "second")
    assert result.returncode == 0, result.stderr
    assert _scripts(tmp_path / "second") == []
    assert "Greet every customer within ten seconds." in (tmp_path / "second" / "policies" / "SE-001" / "index.html").read_text(encoding="utf-8")


def test_every_generated_page_is_sanitised_whatever_it_says(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were a poisoned page ever taken for a rendered one (by a cache signed with the key,
    say), the hook still sanitises it: it sanitises what it generated, by origin."""
    real = policybook.site.render_site

    def poisoned(*args: object, **kwargs: object) -> policybook.site.Site:
        site = real(*args, **kwargs)  # type: ignore[arg-type]
        for path, page in site.pages.items():  # no line of the page asks for sanitising any more
            site.pages[path] = page.replace("<!-- policybook:sanitise -->", "") + f"\n\n{SCRIPT}\n\n<img src=x onerror=alert(1)>\n"
        return site

    monkeypatch.setattr(policybook.site, "render_site", poisoned)
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", "off")
    built, logged = build_in_process(project, tmp_path / "site")
    assert built, logged
    assert _scripts(tmp_path / "site") == []
    assert not [p for p in (tmp_path / "site").rglob("*.html") if "onerror" in p.read_text(encoding="utf-8")]
    hand_written = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script" in hand_written  # the theme's own scripts, on a page the hook did not make, are left alone


def test_an_unusable_cache_folder_is_one_notice_and_the_strict_build_passes(project: Path, tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir(mode=0o777)
    (tmp_path / "cache").chmod(0o777)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "results are not cached" in line]
    assert len(said) == 1
    assert said[0].startswith(f"INFO    -  {tmp_path / 'cache'}:1:1: notice: results are not cached, so every policy is checked afresh: other users can write to the cache folder")
    assert not list((tmp_path / "cache").iterdir())
