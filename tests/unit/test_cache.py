"""The check cache: a repeated run reuses what it can, and is never wrong after an edit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import policybook.cache
import policybook.check
from conftest import new_project
from policybook.cache import CheckCache
from policybook.check import run_check
from policybook.project import read_project


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from YAML in a run (those not answered by the cache)."""
    parsed: list[str] = []
    real = policybook.check.parse_document

    def counting(raw: bytes, **kwargs: object):
        parsed.append(str(kwargs["display"]))
        return real(raw, **kwargs)

    monkeypatch.setattr(policybook.check, "parse_document", counting)
    return parsed


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    return new_project(tmp_path / "project")


def _run(project: Path):
    outcome = run_check(read_project(project))
    return [str(p) for p in outcome.problems], [p.id for p in outcome.policies]


def test_a_second_run_parses_nothing_and_finds_the_same(project: Path, counted: list[str]) -> None:
    first = _run(project)
    assert len(counted) == 3
    counted.clear()
    assert _run(project) == first
    assert counted == []


def test_an_edited_policy_is_checked_again_and_its_new_error_found(project: Path, counted: list[str]) -> None:
    _run(project)
    counted.clear()
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: may", "level: maybe"), encoding="utf-8")
    problems, policies = _run(project)
    assert counted == ["policies/SE-001-greeting.yaml"]
    assert problems[0].startswith("policies/SE-001-greeting.yaml:18:12: error: 'level' is 'maybe'")
    assert policies == ["GR-001", "LC-001"]


def test_a_schema_change_empties_the_cache(project: Path, counted: list[str]) -> None:
    _run(project)
    counted.clear()
    schema = project / "schemas" / "common.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace('"maxLength": 120', '"maxLength": 10'), encoding="utf-8")
    problems, _ = _run(project)
    assert len(counted) == 3
    assert any("'title' is 39 characters long; shorten it to at most 10" in p for p in problems)


def test_a_new_version_of_policybook_checks_everything_again(project: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _run(project)
    counted.clear()
    monkeypatch.setattr(policybook.cache, "_engine_fingerprint", lambda: b"the checker's code has changed")
    _run(project)
    assert len(counted) == 3


@pytest.mark.parametrize("library", [*policybook.cache.ANSWERING_LIBRARIES, "libyaml"])
def test_an_upgraded_library_that_can_change_an_answer_checks_everything_again(project: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch, library: str) -> None:
    _run(project)
    counted.clear()
    real = policybook.cache.library_versions()
    monkeypatch.setattr(policybook.cache, "library_versions", lambda: {**real, library: real[library] + ".post1"})
    policybook.cache._engine_fingerprint.cache_clear()
    try:
        _run(project)
    finally:
        policybook.cache._engine_fingerprint.cache_clear()
    assert len(counted) == 3


def test_what_depends_on_the_name_or_the_day_is_checked_every_time(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(project)
    (project / "policies" / "SE-001-greeting.yaml").rename(project / "policies" / "greeting.yaml")
    monkeypatch.setenv("POLICYBOOK_TODAY", "2027-03-02")
    problems, _ = _run(project)
    assert any("the file name 'greeting.yaml' does not match the policy id 'SE-001'" in p for p in problems)
    assert any("GR-001-golden-rule.yaml:9:12: notice: the review of this policy was due on 2027-03-01" in p for p in problems)


def test_a_damaged_or_foreign_cache_is_ignored(project: Path, tmp_path: Path, counted: list[str]) -> None:
    _run(project)
    [cache_file] = (tmp_path / "cache").rglob("checked.json")
    cache_file.write_text("{not json", encoding="utf-8")
    counted.clear()
    assert _run(project)[0] == []
    assert len(counted) == 3
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    data["salt"] = "someone else's"
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    counted.clear()
    _run(project)
    assert len(counted) == 3


def test_the_cache_lives_outside_the_project(project: Path, tmp_path: Path) -> None:
    _run(project)
    assert list(project.rglob("checked.json")) == []
    assert len(list((tmp_path / "cache").rglob("checked.json"))) == 1


def test_caching_can_be_turned_off(project: Path, tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", "off")
    _run(project)
    _run(project)
    assert len(counted) == 6


def test_cache_keys_are_the_bytes_only() -> None:
    assert CheckCache.key(b"id: SE-001\n") != CheckCache.key(b"id: SE-001 \n")


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the handbook's pages were made (rather than taken from the cache)."""
    import policybook.site

    made: list[int] = []
    real = policybook.site.render_site

    def counting(*args: object, **kwargs: object):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(policybook.site, "render_site", counting)
    return made


def _render(project: Path):
    from policybook.site import render_project

    config = read_project(project)
    return render_project(config, run_check(config), repo_url="https://example.org/r", edit_uri="edit/main/handbook/", docs_dir="handbook")


def test_an_unchanged_handbook_is_not_rendered_twice(project: Path, renders: list[int]) -> None:
    first = _render(project)
    second = _render(project)
    assert len(renders) == 1
    assert (second.pages, second.files, second.sources, second.edit_urls) == (first.pages, first.files, first.sources, first.edit_urls)


def test_any_change_to_a_policy_or_a_setting_renders_again(project: Path, renders: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    _render(project)
    path = project / "policies" / "GR-001-golden-rule.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Treat colleagues as you treat customers", "title: Colleagues first"), encoding="utf-8")
    site = _render(project)
    assert "# Colleagues first" in site.pages["policies/GR-001.md"]
    monkeypatch.setenv("POLICYBOOK_TODAY", "2026-12-01")  # the date pages are written for
    _render(project)
    assert len(renders) == 3


@pytest.mark.parametrize("failing", ["write", "replace"])
def test_a_cache_write_that_fails_leaves_no_temporary_file(failing: str, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import tempfile

    real = tempfile.NamedTemporaryFile

    def full_disk(*args: object, **kwargs: object):
        stream = real(*args, **kwargs)  # type: ignore[call-overload]

        def write(text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        stream.write = write
        return stream

    def refused(self: Path, target: object) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    if failing == "write":
        monkeypatch.setattr(policybook.cache.tempfile, "NamedTemporaryFile", full_disk)
    else:
        monkeypatch.setattr(Path, "replace", refused)
    for _ in range(2):
        assert _run(project)[1] == ["GR-001", "LC-001", "SE-001"]  # the run itself is unaffected
    assert sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()) == []
