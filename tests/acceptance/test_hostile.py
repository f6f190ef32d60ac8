"""Hostile and broken input: every case in the corpus stops the site build with exactly the
messages `policybook validate` gives, in bounded time, and a failed build publishes nothing.

The corpus is tests/fixtures/yaml/ (raw files, with expected.txt) and tests/fixtures/rules/
(changes to the valid fixture project, each with its expected output).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, apply_changes, build_site, site_project
from folders import build_in_process

#: A generous ceiling against blow-ups (exponential aliases, deep nesting), not a speed target.
#: A whole build of a small handbook takes about a second here, five on a busy 2-core machine.
CEILING_SECONDS = 20.0
YAML_CASES = FIXTURES / "yaml"
RULE_CASES = sorted((FIXTURES / "rules").glob("*.yaml"))


def _yaml_expectations() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    for line in (YAML_CASES / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("== "):
            name = line[3:]
            sections[name] = []
        elif line.startswith("policies/"):
            sections[name].append(line)
    return sections


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return site_project(tmp_path / "project")


def _assert_refused_like_validate(project: Path, tmp_path: Path, problems: list[str]) -> None:
    site = tmp_path / "site"
    started = time.monotonic()
    built, logged = build_in_process(project, site)
    assert time.monotonic() - started < CEILING_SECONDS
    notices = [p for p in problems if ": notice: " in p]
    problems = [p for p in problems if ": notice: " not in p]
    if not problems:  # a notice (an overdue review) never stops a build, even a strict one
        assert built, logged
        assert all(any(line in entry for entry in logged) for line in notices), logged
        return
    assert not built
    for line in (p.replace(": warning: ", ": error: ", 1) for p in problems):  # the build is strict
        assert line in logged, f"{line}\n\nnot in the build's output:\n" + "\n".join(logged)
    assert not any("Traceback" in line for line in logged)
    assert not site.exists(), "a refused build must not write a site"


@pytest.mark.parametrize("name", sorted(_yaml_expectations()))
def test_broken_yaml_stops_the_build_with_the_validate_messages(name: str, project: Path, tmp_path: Path) -> None:
    shutil.copy(YAML_CASES / name, project / "policies" / name)
    _assert_refused_like_validate(project, tmp_path, _yaml_expectations()[name])


@pytest.mark.parametrize("case_file", RULE_CASES, ids=lambda p: p.stem)
def test_invalid_policies_stop_the_build_with_the_validate_messages(case_file: Path, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    apply_changes(case, project / "policies")
    args = case.get("args", [])
    if "--today" in args:  # the build takes the day from the environment
        monkeypatch.setenv("POLICYBOOK_TODAY", args[args.index("--today") + 1])
    problems = [line for line in case["expect"].splitlines() if line.startswith("policies/")]
    _assert_refused_like_validate(project, tmp_path, problems)


@pytest.mark.parametrize("name", sorted(_yaml_expectations()))
def test_validating_any_corpus_file_takes_bounded_time(name: str, project: Path) -> None:
    shutil.copy(YAML_CASES / name, project / "policies" / name)
    from policybook.check import run_check
    from policybook.project import read_project

    started = time.monotonic()
    outcome = run_check(read_project(project), [project / "policies" / name])
    assert time.monotonic() - started < CEILING_SECONDS
    assert [str(p) for p in outcome.problems] == _yaml_expectations()[name]


def test_a_link_out_of_the_project_stops_the_build(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(project / "policies" / "SE-001-greeting.yaml", outside)
    (project / "policies" / "SE-002-linked.yaml").symlink_to(outside)
    _assert_refused_like_validate(
        project, tmp_path, ["policies/SE-002-linked.yaml:1:1: error: this is a link to a file outside the project, which is not allowed; copy the policy file into policies/ instead"]
    )


# --- nothing lost --------------------------------------------------------------------


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def published(project: Path, tmp_path: Path) -> Iterator[Path]:
    """A project whose site was built once successfully: the 'previous' site."""
    site = tmp_path / "site"
    built, logged = build_in_process(project, site)
    assert built, logged
    yield site


def test_a_build_refused_for_a_policy_error_leaves_the_previous_site_untouched(project: Path, published: Path) -> None:
    before = _tree(published)
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: may", "level: maybe"), encoding="utf-8")
    built, _ = build_in_process(project, published)
    assert not built
    assert _tree(published) == before


def test_a_strict_build_failing_late_for_a_warning_leaves_the_previous_site_untouched(project: Path, published: Path) -> None:
    before = _tree(published)
    (project / "handbook" / "extra.md").write_text("# Extra\n\n[Broken](missing-page.md)\n", encoding="utf-8")
    built, logged = build_in_process(project, published)
    assert not built
    assert any("missing-page.md" in line for line in logged)
    assert _tree(published) == before
    assert [p.name for p in published.parent.iterdir() if p.name.startswith(".site")] == []


def test_a_successful_build_replaces_the_site_whole(project: Path, published: Path) -> None:
    (published / "stale.html").write_text("from an old build", encoding="utf-8")
    path = project / "policies" / "GR-001-golden-rule.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Treat colleagues as you treat customers", "title: Colleagues first"), encoding="utf-8")
    built, logged = build_in_process(project, published)
    assert built, logged
    assert not (published / "stale.html").exists()
    assert "Colleagues first" in (published / "policies" / "GR-001" / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in published.parent.iterdir() if p.name.startswith(".site")] == []


def test_the_build_fails_loudly_if_a_checked_policy_has_no_page(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import policybook.site

    real = policybook.site.render_project

    def losing_a_page(*args: object, **kwargs: object):
        site = real(*args, **kwargs)
        site.pages.pop("policies/SE-001.md")
        site.sources.pop("policies/SE-001.md")
        return site

    import policybook.mkdocs_plugin

    monkeypatch.setattr(policybook.mkdocs_plugin, "render_project", losing_a_page)
    built, logged = build_in_process(project, tmp_path / "site")
    assert not built
    assert "3 policy files were checked but 2 were published or kept back as drafts; nothing was published" in logged
    assert not (tmp_path / "site").exists()


def test_hidden_and_misnamed_files_in_policies_are_reported_not_skipped(project: Path, tmp_path: Path) -> None:
    shutil.copy(project / "policies" / "SE-001-greeting.yaml", project / "policies" / ".SE-002-hidden.yaml")
    (project / "policies" / ".notes").write_text("to do\n", encoding="utf-8")
    built, logged = build_in_process(project, tmp_path / "site")
    assert not built
    assert any(line.startswith("policies/.SE-002-hidden.yaml:2:5: error: id 'SE-001' is also used by") for line in logged)
    assert "policies/.notes:1:1: error: this file is not a policy (policy files end in '.yaml') and is ignored; move it out of the policies folder" in logged


# --- reproducible output ---------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.org", *args], check=True, capture_output=True)


@pytest.mark.parametrize("in_git", [True, False], ids=["git-checkout", "plain-folder"])
def test_two_builds_of_the_same_sources_are_byte_identical(in_git: bool, project: Path, tmp_path: Path) -> None:
    if in_git:
        _git(project, "init", "-q")
        _git(project, "add", "-A")
        _git(project, "commit", "-q", "-m", "Handbook")
    env_before = os.environ.get("SOURCE_DATE_EPOCH")
    first = build_site(project, tmp_path / "first")
    time.sleep(1.1)  # any clock in the output would now read differently
    second = build_site(project, tmp_path / "second")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert _tree(tmp_path / "first") == _tree(tmp_path / "second")
    assert os.environ.get("SOURCE_DATE_EPOCH") == env_before
