"""Characters that disguise text ("Trojan Source", CVE-2021-42574) never reach the handbook,
and names that print the same are told apart in messages.

The cases of the issue (a right-to-left override in a title, a zero-width space hiding a
phrase conflict, escapes) are rule cases in tests/fixtures/rules/; these cover every
character, every place in a file, and file names.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from policybook.characters import DISGUISING, describe

GREETING = "SE-001-greeting.yaml"


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "policies" / GREETING
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


#: (where, text to replace, replacement with {c} for the character, line, column of it)
PLACES = [
    ("a title", "title: Greeting customers", "title: Greeting{c} customers", 4, 16),
    ("a field name", "owner: Store Operations", "own{c}er: Store Operations", 7, 4),
    ("a comment", "tags: [phrases]", "tags: [phrases]  # see{c} below", 11, 23),
    ("a block of text", "rationale: A greeting tells the customer they matter.", "rationale: |\n  A greeting tells\n  the customer{c} they matter.", 42, 15),
    ("a list item", "  - A customer walks into a store.", "  - A customer walks{c} into a store.", 21, 21),
]


@pytest.mark.parametrize("char", sorted(DISGUISING), ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(("place", "old", "new", "line", "column"), PLACES, ids=[p[0] for p in PLACES])
def test_every_disguising_character_is_an_error_naming_it_wherever_it_is(
    char: str, place: str, old: str, new: str, line: int, column: int, project: Path, run_cli: Callable[..., Result]
) -> None:
    _edit(project, old, new.format(c=char))
    result = run_cli("validate", cwd=project)
    assert result.exit_code == 1
    found = [line_ for line_ in result.stdout.splitlines() if "disguising" in line_ or describe(char) in line_]
    assert found, result.stdout
    assert found[0].startswith(f"policies/{GREETING}:{line}:{column}: error: this text contains {describe(char)}, ")
    assert char not in result.stdout  # the output itself shows no such character


def test_a_byte_order_mark_at_the_start_of_a_file_is_fine(project: Path, run_cli: Callable[..., Result]) -> None:
    path = project / "policies" / GREETING
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run_cli("validate", cwd=project).exit_code == 0


def test_a_backslash_in_plain_text_is_only_a_backslash(project: Path, run_cli: Callable[..., Result]) -> None:
    _edit(project, "rationale: A greeting tells the customer they matter.", r"rationale: 'Type \u202E or \L: a greeting tells the customer they matter.'")
    result = run_cli("validate", cwd=project)
    assert result.exit_code == 0, result.stdout


def test_two_file_names_that_print_the_same_are_told_apart_with_escapes(project: Path, run_cli: Callable[..., Result]) -> None:
    """`café` written as one character (NFC) and as `e` plus a combining accent (NFD) print
    the same: each message shows both names with escapes, and says they are two files."""
    composed, decomposed = "SE-001-caf\u00e9.yaml", unicodedata.normalize("NFD", "SE-001-caf\u00e9.yaml")
    policies = project / "policies"
    (policies / composed).write_bytes((policies / GREETING).read_bytes())
    (policies / GREETING).rename(policies / decomposed)
    result = run_cli("validate", cwd=project)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    duplicate = [line for line in lines if "is also used by" in line]
    assert len(duplicate) == 2
    assert {line.split(":")[0] for line in duplicate} == {f"policies/{composed}", f"policies/{decomposed}"}
    assert any("is also used by policies/SE-001-caf\\xe9.yaml:2:5" in line for line in duplicate)
    assert any("is also used by policies/SE-001-cafe\\u0301.yaml:2:5" in line for line in duplicate)
    alike = [line for line in lines if ": error: this file's name" in line]
    assert len(alike) == 2
    assert "prints the same as policies/SE-001-cafe\\u0301.yaml but is a different name" in alike[0] + alike[1]


def test_ids_are_compared_as_a_reader_sees_them(project: Path, run_cli: Callable[..., Result]) -> None:
    _edit(project, "  - id: S2", "  - id: S1\u200b")
    result = run_cli("validate", cwd=project)
    assert "statement id 'S1' is used twice in this policy (first on line 14)" in result.stdout


def test_a_disguised_file_name_prints_as_escapes(project: Path, run_cli: Callable[..., Result]) -> None:
    policies = project / "policies"
    (policies / GREETING).rename(policies / "SE-001-greeting\u202elmth.yaml")
    result = run_cli("validate", cwd=project)
    assert "policies/SE-001-greeting\\u202elmth.yaml:2:5: error: the file name" in result.stdout
    assert "\u202e" not in result.stdout


def test_pull_request_annotations_show_disguising_characters_as_escapes(project: Path, run_cli: Callable[..., Result]) -> None:
    """A duplicate id names the other file in its message: a file name with a right-to-left
    override would show reversed on the pull request."""
    policies = project / "policies"
    (policies / "SE-001-copy\u202egnp.yaml").write_bytes((policies / GREETING).read_bytes())
    result = run_cli("validate", "--format", "github", cwd=project)
    [annotation] = [line for line in result.stdout.splitlines() if line.startswith(f"::error file=policies/{GREETING},") and "is also used by" in line]
    assert "is also used by policies/SE-001-copy\\u202egnp.yaml:2:5" in annotation
    assert "\u202e" not in annotation
