"""Every validation rule, one case per file in tests/fixtures/rules/.

A case starts from the valid three-policy project in tests/fixtures/valid/, applies the
changes it lists (copied and renamed files, text replacements, removed and added files), runs
`policybook validate`, and compares the whole output with the case's `expect`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from conftest import FIXTURES, apply_changes

CASES = sorted((FIXTURES / "rules").glob("*.yaml"))


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_rule_case_reports_exactly_the_expected_problems(case_file: Path, project: Path, run_cli: Callable[..., Result]) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    apply_changes(case, project / "policies")
    result = run_cli("validate", *case.get("args", []), cwd=project)
    assert result.stdout == case["expect"]
    has_error = any(": error: " in line for line in case["expect"].splitlines())
    assert result.exit_code == (1 if has_error else 0)
