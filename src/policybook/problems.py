"""What can go wrong, and where: the `Problem` record and the `PolicyError` family.

Every stage reports through these, so that every message a user sees has the same
shape (`FILE:LINE:COL: severity: MESSAGE`) whatever stage found it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .characters import shown

#: error: must be fixed; warning: should be fixed (an error under `--strict`); notice: worth
#: knowing but about the calendar, not the file (an overdue review), so never an error.
Severity = Literal["error", "warning", "notice"]


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
        """The line a person reads: a character that would disguise it (a right-to-left
        override in a file name) is shown as its escape."""
        if self.line == 0:  # about a whole file or folder (one that cannot be written, say): no position
            return shown(f"{self.file}: {self.severity}: {self.message}")
        return shown(f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}")

    def strict(self) -> Problem:
        """What `--strict` makes of this problem: a warning becomes an error; a notice stays a
        notice, so that no date can make a build that passed yesterday fail today."""
        if self.severity != "warning":
            return self
        return Problem(self.file, self.line, self.column, "error", self.code, self.message, self.json_path)


def error(file: str, line: int, column: int, code: str, message: str, json_path: str = "$") -> Problem:
    return Problem(file, line, column, "error", code, message, json_path)


def warning(file: str, line: int, column: int, code: str, message: str, json_path: str = "$") -> Problem:
    return Problem(file, line, column, "warning", code, message, json_path)


def notice(file: str, line: int, column: int, code: str, message: str, json_path: str = "$") -> Problem:
    return Problem(file, line, column, "notice", code, message, json_path)


class PolicyError(Exception):
    """A failure that stops work on one input; carries the located problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class LoadError(PolicyError):
    """A file cannot be read as a policy document (bytes, YAML or limits)."""


class ProjectError(PolicyError):
    """The project around the policies is unusable: no folder, no schemas, a bad setting."""


class OutputError(PolicyError):
    """A folder cannot or may not be written: refused by the output rules, or a write failed."""


class RevisionError(PolicyError):
    """A git revision or the git history cannot be read."""


def counts(problems: Iterable[Problem]) -> dict[Severity, int]:
    """How many problems of each severity there are in `problems`."""
    found: dict[Severity, int] = {"error": 0, "warning": 0, "notice": 0}
    for problem in problems:
        found[problem.severity] += 1
    return found


def plural(n: int, word: str) -> str:
    """'1 policy', '2 policies', '3 days': English plurals of the nouns our messages count."""
    if n == 1:
        return f"{n} {word}"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return f"{n} {word[:-1]}ies"
    return f"{n} {word}s"
