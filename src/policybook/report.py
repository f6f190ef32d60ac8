"""Reporters: one function per output format, chosen by name from `REPORTERS`."""

from __future__ import annotations

import json
from collections.abc import Callable

from .check import Outcome
from .problems import Problem, plural


def summary(outcome: Outcome) -> str:
    line = f"{plural(outcome.checked, 'policy')} checked, {plural(outcome.errors, 'error')}, {plural(outcome.warnings, 'warning')}"
    return line + (": all good" if not outcome.problems else "")


def text_report(outcome: Outcome) -> str:
    """`FILE:LINE:COL: severity: MESSAGE`, one per line, then the summary."""
    return "".join(f"{p}\n" for p in outcome.problems) + summary(outcome) + "\n"


def problem_record(problem: Problem) -> dict[str, object]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "code": problem.code,
        "json_path": problem.json_path,
        "message": problem.message,
    }


def json_report(outcome: Outcome) -> str:
    """A JSON list of problem objects with stable keys, for other tools."""
    return json.dumps([problem_record(p) for p in outcome.problems], indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    properties = f"file={_escape_property(problem.file)},line={problem.line},col={problem.column},title={_escape_property('policybook ' + problem.code)}"
    return f"::{problem.severity} {properties}::{_escape_data(problem.message)}"


def github_report(outcome: Outcome) -> str:
    """GitHub Actions workflow commands, so each problem shows on the line in the pull request."""
    return "".join(github_annotation(p) + "\n" for p in outcome.problems) + summary(outcome) + "\n"


REPORTERS: dict[str, Callable[[Outcome], str]] = {"text": text_report, "json": json_report, "github": github_report}
