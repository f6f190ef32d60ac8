"""Activity records, checked as policies are: one case per file in tests/fixtures/records/.

A case starts from the valid three-policy project in tests/fixtures/valid/ (LC-001 binds
executives, two visits a quarter from 2026-04-01) with the roster of
tests/fixtures/records-roster.yml, adds the policies and record files it lists, runs
`policybook validate`, and compares the whole output with the case's `expect`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from conftest import FIXTURES, apply_changes, write_config

CASES = sorted((FIXTURES / "records").glob("*.yaml"))
ROSTER = FIXTURES / "records-roster.yml"


def records_project(project: Path, case: dict[str, object]) -> Path:
    """`project` with the roster and the case's policies and record files."""
    write_config(project, ROSTER.read_text(encoding="utf-8"))
    apply_changes({"add": case.get("add_policies", {})}, project / "policies")
    for name, text in dict(case.get("files", {})).items():  # type: ignore[call-overload]
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(str(text).encode("utf-8"))
    return project


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_records_case_reports_exactly_the_expected_problems(case_file: Path, project: Path, run_cli: Callable[..., Result]) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    records_project(project, case)
    result = run_cli("validate", *case.get("args", []), cwd=project)
    if os.environ.get("SHOW_RECORDS_OUTPUT"):
        print(f"\n=== {case_file.stem}\n{result.stdout}")
    assert result.stdout == case["expect"]
    has_error = any(": error: " in line for line in case["expect"].splitlines())
    assert result.exit_code == (1 if has_error else 0)
