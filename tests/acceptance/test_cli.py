"""`policybook validate` as leaders and CI use it: outputs, formats, exit codes, help."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from conftest import FIXTURES, ROOT, TODAY, new_project

YAML_CASES = FIXTURES / "yaml"


def _expected_outputs() -> dict[str, str]:
    sections: dict[str, str] = {}
    name = None
    for line in (YAML_CASES / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("== "):
            name = line[3:]
            sections[name] = ""
        elif name is not None:
            sections[name] += line + "\n"
    return sections


EXPECTED = _expected_outputs()


def test_every_yaml_case_on_disk_has_an_expected_output() -> None:
    on_disk = {p.name for p in YAML_CASES.iterdir() if p.name != "expected.txt"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_yaml_gets_a_located_message_and_no_traceback(name: str, project: Path, run_cli: Callable[..., Result]) -> None:
    shutil.copy(YAML_CASES / name, project / "policies" / name)
    result = run_cli("validate", f"policies/{name}", cwd=project)
    assert result.stdout == EXPECTED[name]
    assert result.exit_code == (1 if ": error: " in EXPECTED[name] else 0)
    assert "Traceback" not in result.stdout + result.stderr


def test_shipped_handbook_policies_are_valid(run_cli: Callable[..., Result]) -> None:
    result = run_cli("validate", "--strict", cwd=ROOT)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("0 errors, 0 warnings: all good\n")
    checked = int(result.stdout.split()[0])
    assert checked == len(list((ROOT / "policies").glob("*.yaml")))


def test_all_problems_in_all_files_are_reported_in_one_run_sorted(project: Path, run_cli: Callable[..., Result]) -> None:
    for name, old, new in [
        ("SE-001-greeting.yaml", "level: may", "level: maybe"),
        ("GR-001-golden-rule.yaml", "owner: People & Culture", "owner: ''"),
        ("LC-001-customer-visits.yaml", "count: 2", "count: 0"),
    ]:
        path = project / "policies" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = run_cli("validate", cwd=project)
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "policies/GR-001-golden-rule.yaml",
        "policies/LC-001-customer-visits.yaml",
        "policies/SE-001-greeting.yaml",
    ]
    assert lines[-1] == "3 policies checked, 3 errors, 0 warnings"
    assert result.exit_code == 1


def test_json_format_is_a_stable_list_of_problem_objects(project: Path, run_cli: Callable[..., Result]) -> None:
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: may", "level: maybe"), encoding="utf-8")
    result = run_cli("validate", "--format", "json", cwd=project)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": "policies/SE-001-greeting.yaml",
            "line": 18,
            "column": 12,
            "severity": "error",
            "code": "enum",
            "json_path": "$.statements[1].level",
            "message": "'level' is 'maybe', which is not allowed here; use one of: must, should, may — did you mean 'may'?",
        }
    ]


def test_json_format_of_a_valid_project_is_an_empty_list(project: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("validate", "--format", "json", cwd=project)
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_github_format_writes_workflow_annotations(project: Path, run_cli: Callable[..., Result]) -> None:
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: may", "level: '100% may'"), encoding="utf-8")
    result = run_cli("validate", "--format", "github", cwd=project)
    assert result.stdout.splitlines() == [
        "::error file=policies/SE-001-greeting.yaml,line=18,col=12,title=policybook enum::'level' is '100%25 may', which is not allowed here; use one of: must, should, may",
        "3 policies checked, 1 error, 0 warnings",
    ]


def test_a_broken_file_does_not_make_references_to_it_dangle(project: Path, run_cli: Callable[..., Result]) -> None:
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Greeting customers", "title: Greeting: customers"), encoding="utf-8")
    result = run_cli("validate", cwd=project)
    assert result.stdout.splitlines() == [
        "policies/SE-001-greeting.yaml:4:16: error: YAML syntax error: mapping values are not allowed in this context; a value contains ': ' (put the whole value in quotes), or this line is indented more than the field above it",
        "3 policies checked, 1 error, 0 warnings",
    ]


def test_github_annotation_escapes_newlines_and_separators() -> None:
    from policybook.problems import error
    from policybook.report import github_annotation

    problem = error("a,b:c.yaml", 2, 3, "x", "50% done\nnext line")
    assert github_annotation(problem) == "::error file=a%2Cb%3Ac.yaml,line=2,col=3,title=policybook x::50%25 done%0Anext line"


def test_paths_can_be_files_or_folders_and_messages_name_them_as_given(project: Path, run_cli: Callable[..., Result]) -> None:
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: may", "level: maybe"), encoding="utf-8")
    in_folder = run_cli("validate", ".", cwd=project / "policies")
    assert in_folder.stdout.startswith("SE-001-greeting.yaml:18:12: error:")
    one_file = run_cli("validate", "policies/GR-001-golden-rule.yaml", cwd=project)
    assert one_file.stdout == "1 policy checked, 0 errors, 0 warnings: all good\n"


def test_checking_one_file_still_resolves_references_to_the_others(project: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("validate", "policies/SE-001-greeting.yaml", cwd=project)
    assert (result.exit_code, result.stdout) == (0, "1 policy checked, 0 errors, 0 warnings: all good\n")


def test_link_pointing_outside_the_project_is_refused(project: Path, tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: SE-777\n", encoding="utf-8")
    (project / "policies" / "SE-777-outside.yaml").symlink_to(outside)
    result = run_cli("validate", cwd=project)
    assert "policies/SE-777-outside.yaml:1:1: error: this is a link to a file outside the project, which is not allowed; copy the policy file into policies/ instead" in result.stdout
    assert result.exit_code == 1


def test_unreadable_file_is_reported(project: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    locked = project / "policies" / "SE-001-greeting.yaml"
    real_open = os.open

    def deny(path: object, *args: object, **kwargs: object):  # root reads any file, so deny it here
        if path == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    result = run_cli("validate", cwd=project)
    assert result.stdout.splitlines() == [
        "policies/SE-001-greeting.yaml:1:1: error: cannot read the file: Permission denied; check that it exists and that you may read it",
        "3 policies checked, 1 error, 0 warnings",
    ]


def test_empty_policies_folder_is_an_error(empty_project: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("validate", cwd=empty_project)
    assert result.stdout.splitlines()[0] == "policies:1:1: error: no policy files (ending in '.yaml') found here; add a policy or check the path"
    assert result.exit_code == 1


def test_outside_a_project_is_a_usage_error(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("validate", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no mkdocs.yml found" in result.stderr
    assert result.stdout == ""


def test_missing_path_is_a_usage_error(project: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("validate", "policies/nope.yaml", cwd=project)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_broken_schema_is_a_usage_error_not_a_policy_error(project: Path, run_cli: Callable[..., Result]) -> None:
    (project / "schemas" / "golden-rule.schema.json").write_text("{not json", encoding="utf-8")
    result = run_cli("validate", cwd=project)
    assert result.exit_code == 2
    assert result.stderr.endswith("golden-rule.schema.json:1:2: error: the schema is not valid JSON: Expecting property name enclosed in double quotes\n")


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"]])
def test_help_speaks_to_leaders(args: list[str], run_cli: Callable[..., Result]) -> None:
    result = run_cli(*args, cwd=ROOT)
    assert result.exit_code == 0
    assert "policies" in result.stdout.lower()
    if "validate" in args:
        assert "--strict" in result.stdout and "--format" in result.stdout and "Exit status" in result.stdout


def test_installed_command_runs_as_a_real_process(project: Path) -> None:
    path = project / "policies" / "LC-001-customer-visits.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("per: quarter", "per: fortnight"), encoding="utf-8")
    command = Path(sys.executable).with_name("policybook")
    result = subprocess.run([str(command), "validate"], cwd=project, capture_output=True, text=True, env={**os.environ, "POLICYBOOK_TODAY": TODAY}, check=False)
    assert result.returncode == 1
    assert result.stdout == (
        "policies/LC-001-customer-visits.yaml:27:8: error: 'per' is 'fortnight', which is not allowed here; use one of: week, month, quarter, year\n"
        "3 policies checked, 1 error, 0 warnings\n"
    )
    assert result.stderr == ""


def test_new_project_helper_copies_the_real_schemas(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p")
    assert (root / "schemas" / "common.schema.json").read_bytes() == (ROOT / "schemas" / "common.schema.json").read_bytes()


def test_new_writes_a_draft_with_the_next_free_id_that_validates_once_filled_in(project: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("new", "service-expectation", "Handling returns in store", cwd=project)
    assert result.exit_code == 0, result.stderr
    path = project / "policies" / "SE-002-handling-returns-in-store.yaml"
    assert result.stdout.startswith("policies/SE-002-handling-returns-in-store.yaml: new draft SE-002")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/service-expectation.schema.json\n")
    assert f'effective: "{TODAY}"' in text and 'status: draft' in text
    unfilled = run_cli("validate", "policies/SE-002-handling-returns-in-store.yaml", cwd=project)
    placeholders = [line for line in unfilled.stdout.splitlines() if "still holds the placeholder" in line]
    assert unfilled.exit_code == 1 and len(placeholders) == text.count("TODO")
    path.write_text(text.replace("TODO: ", "Written: "), encoding="utf-8")
    filled = run_cli("validate", "policies/SE-002-handling-returns-in-store.yaml", cwd=project)
    assert (filled.exit_code, filled.stdout) == (0, "1 policy checked, 0 errors, 0 warnings: all good\n")


#: What an author types over the placeholders of a leader commitment's target.
TARGET_FILLED_IN = {"count": "2", "unit": "visits", "per": "quarter"}


@pytest.mark.parametrize(("kind", "expected"), [("golden-rule", "GR-002"), ("leader-commitment", "LC-002")])
def test_new_drafts_of_every_kind_validate_once_filled_in(kind: str, expected: str, project: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("new", kind, "Something new", cwd=project)
    path = project / "policies" / f"{expected}-something-new.yaml"
    assert result.exit_code == 0 and path.exists()
    text = path.read_text(encoding="utf-8")
    unfilled = run_cli("validate", str(path.relative_to(project)), cwd=project)
    assert len([line for line in unfilled.stdout.splitlines() if "still holds the placeholder" in line]) == text.count("TODO")
    for field, value in TARGET_FILLED_IN.items():
        text = re.sub(rf"^  {field}: '?TODO: [^\n]*(\n    [^\n]*)*", f"  {field}: {value}", text, flags=re.M)
    path.write_text(text.replace("TODO: ", "Written: "), encoding="utf-8")
    assert run_cli("validate", str(path.relative_to(project)), cwd=project).exit_code == 0


def test_new_leader_commitment_leaves_the_target_to_fill_in(project: Path, run_cli: Callable[..., Result]) -> None:
    """A target the author forgot must not pass: every part of it is a placeholder until written."""
    run_cli("new", "leader-commitment", "Store visits", cwd=project)
    result = run_cli("validate", "policies/LC-002-store-visits.yaml", cwd=project)
    placeholders = {line.split("error: ", 1)[1].split(" still holds", 1)[0] for line in result.stdout.splitlines() if "still holds the placeholder" in line}
    assert {"'count'", "'unit'", "'per'", "'activity'"} <= placeholders
    assert "must be a whole number" not in result.stdout and "which is not allowed here" not in result.stdout


def test_new_skips_ids_claimed_by_file_names_even_of_broken_files(project: Path, run_cli: Callable[..., Result]) -> None:
    (project / "policies" / "SE-002-greeting-again.yaml").write_text("keep me", encoding="utf-8")
    result = run_cli("new", "service-expectation", "Greeting again", cwd=project)
    assert result.exit_code == 0
    assert (project / "policies" / "SE-003-greeting-again.yaml").exists()
    assert (project / "policies" / "SE-002-greeting-again.yaml").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("folder", [".", "policies", "handbook", "schemas/sub", ".."])
def test_render_never_writes_over_the_projects_own_files(folder: str, project: Path, run_cli: Callable[..., Result]) -> None:
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run_cli("render", folder, cwd=project)
    assert result.exit_code == 2
    assert "policybook never writes its output" in result.stderr
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_due_lists_overdue_and_coming_reviews_with_their_owners(project: Path, run_cli: Callable[..., Result]) -> None:
    result = run_cli("due", "--today", "2027-02-15", cwd=project)
    assert result.exit_code == 0
    assert result.stdout == (
        "policies/SE-001-greeting.yaml: SE-001 Greeting customers: review overdue by 14 days (2027-02-01); owner: Store Operations\n"
        "policies/GR-001-golden-rule.yaml: GR-001 Treat colleagues as you treat customers: review due in 14 days (2027-03-01); owner: People & Culture\n"
        "1 review overdue, 1 review due within 30 days of 2027-02-15\n"
    )
    assert run_cli("due", "--today", "2027-02-15", "--exit-code", cwd=project).exit_code == 1
    assert run_cli("due", "--today", "2026-11-23", "--exit-code", cwd=project).exit_code == 0
    records = json.loads(run_cli("due", "--today", "2027-02-15", "--within", "60", "--format", "json", cwd=project).stdout)["reviews"]
    assert [(r["id"], r["days"], r["overdue"]) for r in records] == [("SE-001", -14, True), ("GR-001", 14, False), ("LC-001", 45, False)]


def test_due_leaves_out_retired_policies(project: Path, run_cli: Callable[..., Result]) -> None:
    path = project / "policies" / "SE-001-greeting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: retired\nno_replacement_reason: Part of GR-001 now."), encoding="utf-8")
    result = run_cli("due", "--today", "2027-02-15", cwd=project)
    assert "SE-001" not in result.stdout
