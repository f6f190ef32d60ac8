"""Which version of a policy applies on a day, and reading every version from git."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from conftest import VALID, new_project
from policybook import history
from policybook.check import past_versions
from policybook.model import Policy, policy_from_data
from policybook.project import read_project
from policybook.schema import load_schemas
from policybook.versions import timeline

LC = (VALID / "LC-001-customer-visits.yaml").read_text(encoding="utf-8")


def _version(version: str, effective: str, status: str = "active") -> Policy:
    data = yaml.safe_load(LC)
    data.update(version=version, effective=effective, status=status)
    return policy_from_data(data, source="policies/LC-001-customer-visits.yaml")


def test_the_version_in_force_is_the_newest_already_effective() -> None:
    v1, v2, v3 = _version("1.0.0", "2026-01-01"), _version("1.1.0", "2026-04-01"), _version("2.0.0", "2027-01-15")
    line = timeline(v3, [v2, v1], day=date(2026, 11, 23))
    assert line.today is v2 and line.shown is v2
    assert line.coming == (v3,)
    assert [p.version for p in line.versions or ()] == ["2.0.0", "1.1.0", "1.0.0"]
    assert line.until(v1) == "2026-04-01" and line.until(v2) == "2027-01-15" and line.until(v3) is None
    assert timeline(v3, [v2, v1], day=date(2027, 1, 15)).today is v3
    assert timeline(v3, [v2, v1], day=date(2025, 12, 31)).today is None


def test_drafts_in_history_are_not_versions_and_the_file_as_it_is_now_wins() -> None:
    draft = _version("0.9.0", "2025-06-01", status="draft")
    committed = _version("1.0.0", "2026-01-01")
    edited = _version("1.0.0", "2026-02-01")  # not committed yet
    line = timeline(edited, [committed, draft], day=date(2026, 11, 23))
    assert line.versions == (edited,)


def test_a_policy_never_approved_is_not_published_and_a_new_one_not_in_force_yet_applies_to_no_one() -> None:
    assert not timeline(_version("0.1.0", "2027-01-01", status="draft"), [], day=date(2026, 11, 23)).published
    future = timeline(_version("1.0.0", "2027-01-01"), None, day=date(2026, 11, 23))  # outside git
    assert future.published and not future.applies and future.shown.version == "1.0.0"
    retired = timeline(_version("2.0.0", "2026-06-01", status="retired"), [_version("1.0.0", "2026-01-01")], day=date(2026, 11, 23))
    assert retired.today is not None and retired.today.status == "retired" and not retired.applies


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.org", *args], check=True, capture_output=True)


def test_every_version_is_read_from_git_in_one_batch_across_renames_and_broken_commits(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "one")
    source = root / "policies" / "LC-001-customer-visits.yaml"
    source.write_text(LC.replace('version: "2.0.0"', 'version: "2.1.0"', 1).replace("changelog:\n", 'changelog:\n  - version: "2.1.0"\n    date: "2026-05-01"\n    summary: More.\n'), encoding="utf-8")
    _git(root, "commit", "-q", "-am", "two")
    broken = source.read_text(encoding="utf-8").replace("count: 2", "count: two")
    source.write_text(broken, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "broken, as a commit can be")
    _git(root, "mv", "policies/LC-001-customer-visits.yaml", "policies/LC-001-visits.yaml")
    (root / "policies" / "LC-001-visits.yaml").write_text(LC, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "renamed and put back")
    revisions = history.file_revisions(root, "policies")
    assert [r.commit.subject for r in revisions["policies/LC-001-visits.yaml"]] == ["renamed and put back", "broken, as a commit can be", "two", "one"]
    assert history.commits_of(revisions)["policies/LC-001-visits.yaml"][0].subject == "renamed and put back"
    found = past_versions(read_project(root), load_schemas(root / "schemas"), revisions)
    assert [p.version for p in found["policies/LC-001-visits.yaml"]] == ["2.0.0", "2.1.0", "2.0.0"]  # the broken one left out
    assert history.read_blobs(root, ["0" * 40, "f" * 40]) == {}  # a deleted file's revision; an object this clone lacks


def test_a_wrong_setting_is_a_clear_error(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    root = new_project(tmp_path / "p")
    (root / "policybook.yml").write_text("organisation: T\nroles: [{id: staff, label: Staff}]\npublish:\n  proposal: true\n", encoding="utf-8")
    result = run_cli("validate", cwd=root)
    assert result.exit_code == 2
    assert "policybook.yml:4:3: error: unknown setting 'proposal' in 'publish'; use one of: proposals" in result.output
    (root / "policybook.yml").write_text("organisation: T\nroles: [{id: staff, label: Staff}]\npublish:\n  proposals: sometimes\n", encoding="utf-8")
    result = run_cli("validate", cwd=root)
    assert result.exit_code == 2 and "policybook.yml:4:14: error: 'proposals' must be true or false" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("value", "unit", "said"), [(1, "business-days", "1 business day"), (2, "business-days", "2 business days"), (1, "minutes", "1 minute"), (1.5, "hours", "1.5 hours"), (30, "seconds", "30 seconds")])
def test_amounts_are_singular_for_exactly_one(value: float, unit: str, said: str) -> None:
    from policybook.model import amount

    assert amount(value, unit) == said
