"""`policybook diff`: every versioning rule, checked in temporary git repositories.

Each case in tests/fixtures/diff/ starts from the valid fixture project committed to a
fresh repository (with `base`, changed first in the same way as the case's own changes,
and committed), applies its changes (and, with `bump`, raises versions and adds
changelog entries the way a careful leader would), runs `policybook diff HEAD`, and
checks the exit status and the lines the review summary must contain; with `markdown`,
`github` or `json`, the whole review in that format, exactly.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
import yaml
from click.testing import Result

from conftest import FIXTURES, TODAY, apply_changes, new_project
from policybook.diff import Change, ChangeKind, RoleWords
from policybook.review_report import change_markdown

CASES = sorted((FIXTURES / "diff").glob("*.yaml"))
ENV = {**os.environ, "POLICYBOOK_TODAY": TODAY, "GIT_AUTHOR_DATE": "2026-11-20T10:00:00", "GIT_COMMITTER_DATE": "2026-11-20T10:00:00"}


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], capture_output=True, text=True, env=ENV, check=True)
    return result.stdout.strip()


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = new_project(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Base handbook")
    return root


def raise_version(policies: Path, name: str, bump: str) -> str:
    path = policies / name
    text = path.read_text(encoding="utf-8")
    found = re.search(r'^version: "(\d+)\.(\d+)\.(\d+)"$', text, re.M)
    assert found, name
    major, minor, patch = map(int, found.groups())
    new = {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0", "patch": f"{major}.{minor}.{patch + 1}"}[bump]
    text = text[: found.start()] + f'version: "{new}"' + text[found.end() :]
    text = text.replace("changelog:\n", f'changelog:\n  - version: "{new}"\n    date: "2026-11-20"\n    summary: A {bump} change.\n', 1)
    path.write_text(text, encoding="utf-8")
    return new


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_diff_case(case_file: Path, repo: Path, run_cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    if "base" in case:
        apply_changes(case["base"], repo / "policies")
        commit_all(repo, "The case's base")
    apply_changes(case, repo / "policies")
    for name, bump in case.get("bump", {}).items():
        raise_version(repo / "policies", name, bump)
    result = run_cli("diff", "HEAD", cwd=repo)
    lines = result.stdout.splitlines()
    for expected in case.get("expect", []):
        assert expected in lines, f"missing line: {expected}\n\n{result.stdout}"
    assert result.exit_code == case["exit"], result.stdout
    if "markdown" in case:
        assert result.stdout == case["markdown"]
    if "github" in case:
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
        github = run_cli("diff", "HEAD", "--format", "github", cwd=repo)
        assert (github.exit_code, github.stdout) == (case["exit"], case["github"])
        assert (tmp_path / "summary.md").read_text(encoding="utf-8") == case.get("markdown", result.stdout)
    if "json" in case:
        found = run_cli("diff", "HEAD", "--format", "json", cwd=repo)
        assert (found.exit_code, json.loads(found.stdout)) == (case["exit"], case["json"])


def test_no_change_means_nothing_to_review(repo: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("diff", "HEAD", cwd=repo)
    assert (result.exit_code, result.stdout) == (0, "## Policy changes\n\nNo policy changed.\n")


def test_two_revisions_can_be_compared_without_touching_the_working_tree(repo: Path, run_cli: Callable[..., Result]) -> None:
    base = git(repo, "rev-parse", "HEAD")
    raise_version(repo / "policies", "SE-001-greeting.yaml", "patch")
    head = commit_all(repo, "Patch SE-001")
    (repo / "policies" / "SE-001-greeting.yaml").write_text("broken: [", encoding="utf-8")
    result = run_cli("diff", base, head, cwd=repo)
    assert result.exit_code == 0, result.stdout
    assert "| SE-001 · Greeting customers | 1.0.0 → 1.0.1 | none | patch | 1.0.1 | ✅ |" in result.stdout.splitlines()


def test_a_missing_base_revision_is_a_clear_usage_error(repo: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("diff", "origin/main", cwd=repo)
    assert result.exit_code == 2
    assert result.stderr == (
        "origin/main:1:1: error: git revision 'origin/main' does not exist here; check the name, "
        "or fetch it first (in a shallow CI clone: git fetch --depth=1 origin origin/main)\n"
    )


def test_json_carries_plain_values_without_html_or_markdown(repo: Path, run_cli: Callable[..., Result]) -> None:
    path = repo / "policies" / "GR-001-golden-rule.yaml"
    text = path.read_text(encoding="utf-8").replace("owner: People & Culture", "owner: People & Culture (HR)")
    text = text.replace("    text: Thank colleagues in public and correct them in private.", '    text: Answer customers\' questions with "Bear with me" & a smile.')
    path.write_text(text, encoding="utf-8")
    raise_version(repo / "policies", "GR-001-golden-rule.yaml", "minor")
    result = run_cli("diff", "HEAD", "--format", "json", cwd=repo)
    for presentation in ("&amp;", "&#x27;", "&quot;", "<del>", "<ins>", "**", "“"):
        assert presentation not in result.stdout, presentation
    [policy] = json.loads(result.stdout)["policies"]
    assert policy["changelog"] == {"version": "1.2.0", "date": "2026-11-20", "summary": "A minor change.", "clarification": None}
    owner = next(c for c in policy["changes"] if c["field"] == "owner")
    assert (owner["kind"], owner["raise"], owner["before"], owner["after"]) == ("field-changed", "patch", "People & Culture", "People & Culture (HR)")
    [statement] = [c for c in policy["changes"] if c["statement"] == "S2"]
    assert statement["kind"] == "statement-rewritten" and statement["after"] == 'Answer customers\' questions with "Bear with me" & a smile.'


#: Policy text a pull request could carry to make the bot's review comment notify people,
#: link an issue, show a link or image of its own, or strike through words.
HOSTILE_STATEMENT = "Ask @acme/leads and @everyone; see [the form](https://evil.example/f) ![x](https://t.example/p.png) about #12 at www.evil.example, ~~never~~ *always* `now` | me@evil.example."


def test_the_review_shows_policy_text_as_written_with_no_mention_link_or_markup_of_its_own(repo: Path, run_cli: Callable[..., Result]) -> None:
    path = repo / "policies" / "GR-001-golden-rule.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    text: Thank colleagues in public and correct them in private."
    assert old in text
    path.write_text(text.replace(old, "    text: " + json.dumps(HOSTILE_STATEMENT)), encoding="utf-8")
    raise_version(repo / "policies", "GR-001-golden-rule.yaml", "minor")
    result = run_cli("diff", "HEAD", cwd=repo)
    review = result.stdout
    assert HOSTILE_STATEMENT not in review
    for linking in (r"@\w", r"(?<!&)#\d", "://", r"www\.", r"(?<!\\)\[", r"(?<!\\)~~", r"(?<!\\)`now"):
        assert not re.search(linking, review), linking
    page = markdown.markdown(review, extensions=["tables"])
    assert "href=" not in page and "<img" not in page and "<code>now" not in page and "<em>always" not in page
    # As a reader sees it: the statement's new words (what was deleted left out), the
    # invisible spaces gone, backslash escapes read as CommonMark reads them.
    after = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<del>.*?</del>", "", page))).replace("\u200b", "")
    shown = " ".join(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", after).split())
    assert HOSTILE_STATEMENT in shown, "the statement must read as written"


def test_role_labels_from_the_configuration_cannot_mention_anyone_either() -> None:
    words = RoleWords(("nurse",), {"nurse": "Nurses @acme/all-staff [see](https://evil.example)"})
    shown = change_markdown(Change(ChangeKind.POLICY_ADDED, "SE-009", after="1.0.0", roles=("nurse",), text="Greet every patient."), words)
    assert "Nurses @&#8203;acme/all-staff \\[see\\](https:&#8203;//evil.example)" in shown
    assert not re.search(r"@\w|(?<!\\)\[|://", shown)


def test_works_in_a_shallow_clone_once_the_base_is_fetched(repo: Path, tmp_path: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    raise_version(repo / "policies", "LC-001-customer-visits.yaml", "minor")
    path = repo / "policies" / "LC-001-customer-visits.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  count: 2\n  unit: visits\n  per: quarter", "  count: 1\n  unit: visits\n  per: month"), encoding="utf-8")
    commit_all(repo, "Monthly visits")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{repo}", str(clone)], check=True, env=ENV)
    policybook = str(Path(sys.executable).with_name("policybook"))
    missing = subprocess.run([policybook, "diff", base], cwd=clone, capture_output=True, text=True, env=ENV, check=False)
    assert missing.returncode == 2 and "does not exist here" in missing.stderr
    git(clone, "fetch", "-q", "--no-tags", "--depth=1", "origin", base)
    result = subprocess.run([policybook, "diff", base], cwd=clone, capture_output=True, text=True, env=ENV, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "- *minor* — **Executive customer visits**: 2 visits per quarter → 1 visit per month (8 → 12 a year: raised)" in result.stdout.splitlines()


def test_json_format_lists_each_change_with_its_bump(repo: Path, run_cli: Callable[..., Result]) -> None:
    path = repo / "policies" / "GR-001-golden-rule.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    level: should\n", "    level: must\n"), encoding="utf-8")
    result = run_cli("diff", "HEAD", "--format", "json", cwd=repo)
    data = json.loads(result.stdout)
    assert data["ok"] is False
    [policy] = data["policies"]
    assert (policy["id"], policy["change"], policy["required"], policy["declared"]) == ("GR-001", "changed", "minor", "none")
    assert [c["statement"] for c in policy["changes"]] == ["S2"]
    assert [(p["kind"], p["needs"], p["version"]) for p in policy["problems"]] == [("raise-too-small", "minor", "1.2.0")]
    assert policy["problems"][0]["message"] == (
        "this change needs a minor version raise, but the version did not change: set 'version' to 1.2.0, "
        "and add a changelog entry for 1.2.0 at the top of 'changelog' saying what changes for employees"
    )


def test_github_format_annotates_the_version_line_and_writes_the_job_summary(repo: Path, tmp_path: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    path = repo / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: S2\n    level: may\n    text: Step away from a task to greet a customer.\n", ""), encoding="utf-8")
    raise_version(repo / "policies", "SE-001-greeting.yaml", "minor")
    result = run_cli("diff", "HEAD", "--format", "github", cwd=repo)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=policies/SE-001-greeting.yaml,line=5,title=SE-001 version::this change needs a major version raise, "
        "but the version has only a minor raise: set 'version' to 2.0.0, and the newest changelog entry's 'version' (now 1.1.0) to 2.0.0 too"
    )
    assert summary.read_text(encoding="utf-8") == result.stdout.split("\n", 1)[1]
    assert "## Policy changes" in summary.read_text(encoding="utf-8")
