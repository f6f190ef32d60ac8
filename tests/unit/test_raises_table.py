"""The versioning rules are one table (`BUMPS`), and the README shows exactly that table."""

from __future__ import annotations

from conftest import ROOT
from policybook.diff import BUMPS, ChangeKind
from policybook.review_report import _SAY, KIND_SUMMARIES, raises_markdown


def test_every_kind_of_change_has_a_raise_and_a_sentence() -> None:
    assert set(BUMPS) == set(ChangeKind)
    assert set(_SAY) == set(ChangeKind)
    assert set(KIND_SUMMARIES) == {kind for kind in ChangeKind if BUMPS[kind] != "none"}


def test_the_readme_shows_the_raises_the_code_applies() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert raises_markdown() in readme, "the README's table of raises is out of date; replace it with policybook.review_report.raises_markdown()"


def test_each_raise_lists_exactly_its_kinds_of_change() -> None:
    rows = {line.split("|")[1].strip().strip("*"): line for line in raises_markdown().splitlines() if line.startswith("| **")}
    for kind in ChangeKind:
        if BUMPS[kind] == "none":
            continue
        assert [raise_ for raise_, row in rows.items() if KIND_SUMMARIES[kind] in row] == [BUMPS[kind]], kind
