"""Every validation rule, one case per file in tests/fixtures/rules/.

A case starts from the valid three-policy project in tests/fixtures/valid/, applies the
changes it lists (copied and renamed files, text replacements, removed and added files), runs
`policybook validate`, and compares the whole output with the case's `expect`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from conftest import FIXTURES

CASES = sorted((FIXTURES / "rules").glob("*.yaml"))


def apply_case(case: dict[str, Any], policies: Path) -> None:
    for source, target in case.get("copy", {}).items():
        (policies / target).write_bytes((policies / source).read_bytes())
    for old, new in case.get("rename", {}).items():
        (policies / old).rename(policies / new)
    for name, edits in case.get("edit", {}).items():
        path = policies / name
        text = path.read_text(encoding="utf-8")
        for edit in edits:
            assert text.count(edit["replace"]) == 1, f"{name}: {edit['replace']!r} must occur exactly once"
            text = text.replace(edit["replace"], edit["with"])
        path.write_text(text, encoding="utf-8")
    for name in case.get("remove", []):
        (policies / name).unlink()
    for name, text in case.get("add", {}).items():
        (policies / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_rule_case_reports_exactly_the_expected_problems(case_file: Path, project: Path, run_cli: Callable[..., Result]) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    apply_case(case, project / "policies")
    result = run_cli("validate", *case.get("args", []), cwd=project)
    assert result.stdout == case["expect"]
    has_error = any(": error: " in line for line in case["expect"].splitlines())
    assert result.exit_code == (1 if has_error else 0)
