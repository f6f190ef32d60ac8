"""What can go wrong, and where: the `Problem` record and the `PolicyError` family.

Every stage reports through these, so that every message a user sees has the same
shape (`FILE:LINE:COL: severity: MESSAGE`) whatever stage found it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file, worded for the person who fixes it."""

    file: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    code: str = field(compare=False)
    message: str
    json_path: str = field(default="$", compare=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_error(self) -> Problem:
        """The same problem as an error (what `--strict` does to warnings)."""
        return Problem(self.file, self.line, self.column, "error", self.code, self.message, self.json_path)


def error(file: str, line: int, column: int, code: str, message: str, json_path: str = "$") -> Problem:
    return Problem(file, line, column, "error", code, message, json_path)


def warning(file: str, line: int, column: int, code: str, message: str, json_path: str = "$") -> Problem:
    return Problem(file, line, column, "warning", code, message, json_path)


class PolicyError(Exception):
    """A failure that stops work on one input; carries the located problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class LoadError(PolicyError):
    """A file cannot be read as a policy document (bytes, YAML or limits)."""


class ProjectError(PolicyError):
    """The project around the policies is unusable: no folder, no schemas, a bad setting."""


class RevisionError(PolicyError):
    """A git revision or the git history cannot be read."""


def counts(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings) in `problems`."""
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s" if not word.endswith("y") else f"{n} {word[:-1]}ies"
