"""The check cache: a repeated run reuses what it can, and is never wrong after an edit."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

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
    signature, _, payload = cache_file.read_bytes().partition(b"\n")
    cache_file.write_bytes(signature + b"\n{not json")
    counted.clear()
    assert _run(project)[0] == []
    assert len(counted) == 3
    data = json.loads(payload)
    data["salt"] = "someone else's"
    cache_file.write_bytes(signature + b"\n" + json.dumps(data).encode())
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


# --- trust: decided by where the cache is, never by what it holds ---------------------------

GREETING = "SE-001-greeting.yaml"


def _poison(cache_file: Path, project: Path) -> None:
    """What an attacker does to checked.json: file the hash of an invalid policy's bytes
    (`level: muss`) under the data of the valid one, then put the invalid policy in place."""
    policy = project / "policies" / GREETING
    valid = policy.read_bytes()
    invalid = valid.replace(b"level: may", b"level: muss")
    text = cache_file.read_text(encoding="utf-8")
    start = text.index("{")  # after the signature line, if there is one
    content = json.loads(text[start:])
    content["entries"][CheckCache.key(invalid)] = content["entries"][CheckCache.key(valid)]
    cache_file.write_text(text[:start] + json.dumps(content), encoding="utf-8")
    policy.write_bytes(invalid)


def _muss_is_found(project: Path) -> bool:
    problems, _ = _run(project)
    return any(f"policies/{GREETING}:18:12: error: 'level' is 'muss'" in p for p in problems)


def _notices(project: Path) -> list[str]:
    return [str(p) for p in run_check(read_project(project)).problems if p.code == "cache-not-used"]


def _someone_elses(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `path` another user's: really (as root), or by being someone else for the run."""
    if os.getuid() == 0:
        os.chown(path, 4242, 4242)
    else:
        real = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: real + 4242)


def test_an_edited_checked_json_cannot_make_an_invalid_policy_pass(project: Path, tmp_path: Path) -> None:
    _run(project)
    [cache_file] = (tmp_path / "cache").rglob("checked.json")
    _poison(cache_file, project)
    assert _muss_is_found(project)


def test_a_cache_signed_with_another_key_is_not_used(project: Path, tmp_path: Path, counted: list[str]) -> None:
    """Entries are bound to this user's key: a cache copied from another account or machine,
    or restored without its key, is not used."""
    _run(project)
    (tmp_path / "cache" / "key").unlink()
    counted.clear()
    _run(project)
    assert len(counted) == 3
    assert oct((tmp_path / "cache" / "key").stat().st_mode & 0o777) == "0o600"


def test_a_shared_cache_folder_of_another_user_is_not_used(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another local user pre-creates the shared cache folder and files their own answers in it."""
    shared = tmp_path / "shared" / "policybook"
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", str(shared))
    _run(project)  # the cache as it would be, written by the attacker
    [cache_file] = shared.rglob("checked.json")
    _poison(cache_file, project)
    _someone_elses(shared, monkeypatch)
    assert _muss_is_found(project)
    [said] = _notices(project)
    assert said.startswith(f"{shared}:1:1: notice: results are not cached, so every policy is checked afresh: the cache folder belongs to another user")


def test_a_cache_folder_that_is_a_symbolic_link_is_not_used(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = tmp_path / "theirs"
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", str(theirs))
    _run(project)
    [cache_file] = theirs.rglob("checked.json")
    _poison(cache_file, project)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "policybook").symlink_to(theirs)
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", str(tmp_path / "shared" / "policybook"))
    assert _muss_is_found(project)
    assert [n.split(": notice: ")[1] for n in _notices(project)] == [
        "results are not cached, so every policy is checked afresh: the cache folder is a symbolic link; "
        "to cache them, set POLICYBOOK_CACHE_DIR to a folder of your own outside any checkout, or to 'off'"
    ]


def test_a_symbolic_link_planted_inside_the_cache_is_not_followed(project: Path, tmp_path: Path, counted: list[str]) -> None:
    _run(project)
    [cache_file] = (tmp_path / "cache").rglob("checked.json")
    planted = tmp_path / "planted.json"
    cache_file.rename(planted)
    _poison(planted, project)
    cache_file.symlink_to(planted)
    assert _muss_is_found(project)


def test_a_cache_folder_others_can_write_to_is_not_used(project: Path, tmp_path: Path, counted: list[str]) -> None:
    _run(project)
    (tmp_path / "cache").chmod(0o777)
    counted.clear()
    _run(project)
    assert len(counted) == 3
    assert "other users can write to the cache folder (its mode is 777)" in _notices(project)[0]


def test_a_key_others_can_read_is_not_used(project: Path, tmp_path: Path) -> None:
    _run(project)
    (tmp_path / "cache" / "key").chmod(0o644)
    assert "other users can read the cache's key file" in _notices(project)[0]


def test_a_relative_xdg_cache_home_is_ignored_so_a_pull_request_cannot_bring_its_cache(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`XDG_CACHE_HOME=.cache` put the cache in the checkout, where a pull request can
    force-add `.cache/policybook/.../checked.json` that passes its own invalid policy."""
    import hashlib

    from policybook.schema import load_schemas

    monkeypatch.delenv("POLICYBOOK_CACHE_DIR")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", ".cache")
    monkeypatch.chdir(project)
    salt = hashlib.sha256(policybook.cache._engine_fingerprint() + load_schemas(project / "schemas").fingerprint.encode()).hexdigest()
    _run(project)  # the data of the valid policy, as a pull request's author would get it
    valid = run_check(read_project(project)).valid
    data = next(d for d, source in valid if source.endswith(GREETING))
    policy = project / "policies" / GREETING
    invalid = policy.read_bytes().replace(b"level: may", b"level: muss")
    brought = project / ".cache" / "policybook" / hashlib.sha256(str(project.resolve()).encode()).hexdigest()[:16] / "checked.json"
    brought.parent.mkdir(parents=True)
    brought.write_text(json.dumps({"salt": salt, "entries": {CheckCache.key(invalid): {"data": data, "hint": None}}}), encoding="utf-8")
    policy.write_bytes(invalid)
    assert _muss_is_found(project)
    assert (tmp_path / "home" / ".cache" / "policybook" / "key").is_file()  # the user's own folder is used instead


@pytest.mark.parametrize("where", ["the project", "a git work tree"])
def test_a_cache_folder_a_pull_request_could_write_to_is_not_used(where: str, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: list[str]) -> None:
    """CI caches kept in the workspace (GitLab requires it) are in the checkout."""
    if where == "the project":
        folder = project / ".cache" / "policybook"
    else:
        (tmp_path / "other-checkout" / ".git").mkdir(parents=True)
        folder = tmp_path / "other-checkout" / "build" / "cache"
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", str(folder))
    _run(project)
    _run(project)
    assert len(counted) == 6
    assert not folder.exists() or not list(folder.rglob("checked.json"))
    [said] = _notices(project)
    assert f"it is inside {'the project' if where == 'the project' else 'the git work tree at'}" in said


def test_on_ci_the_cache_is_used_only_where_it_is_pointed(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: list[str]) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv("POLICYBOOK_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    _run(project)
    _run(project)
    assert len(counted) == 6 and not (tmp_path / "home" / ".cache").exists()
    assert _notices(project) == []  # off on purpose: nothing to say
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", str(tmp_path / "ci-cache"))
    counted.clear()
    _run(project)
    _run(project)
    assert len(counted) == 3


def test_a_relative_policybook_cache_dir_is_not_used(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYBOOK_CACHE_DIR", "cache")
    assert "POLICYBOOK_CACHE_DIR is 'cache', a relative path" in _notices(project)[0]


def test_the_working_folder_for_served_pages_is_temporary_when_the_cache_is_not_trusted(project: Path, tmp_path: Path) -> None:
    from policybook.cache import project_folder

    trusted = project_folder(project, "served-pages")
    assert trusted.is_relative_to(tmp_path / "cache")
    (tmp_path / "cache").chmod(0o777)
    elsewhere = project_folder(project, "served-pages")
    assert not elsewhere.is_relative_to(tmp_path / "cache") and oct(elsewhere.stat().st_mode & 0o777) == "0o700"


@pytest.mark.parametrize("failing", ["write", "replace"])
def test_a_cache_write_that_fails_leaves_no_temporary_file(failing: str, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk or a refused rename: the run goes on, and no temporary file is left behind."""
    import errno

    _run(project)  # the key and a first cache
    path = project / "policies" / GREETING
    path.write_text(path.read_text(encoding="utf-8").replace("Greeting customers", "Greeting our customers"), encoding="utf-8")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = real_fdopen(fd, mode, *args, **kwargs)
        return FullDisk(stream) if mode == "wb" else stream

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    if failing == "write":
        monkeypatch.setattr(policybook.cache.os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(policybook.cache.os, "replace", refused)
    for _ in range(2):
        assert _run(project)[1] == ["GR-001", "LC-001", "SE-001"]  # the run itself is unaffected
    assert [p.name for p in (tmp_path / "cache").rglob("*") if p.name.endswith(".tmp")] == []
