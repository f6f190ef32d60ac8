"""The version rules on their own, without git: declared raises and what each change needs."""

from __future__ import annotations

import pytest
import yaml

from conftest import VALID
from policybook.diff import ChangeKind, compare, declared_bump, next_version
from policybook.model import policy_from_data
from policybook.review_report import amount, word_diff


def policy(name: str, **changes: object):
    data = yaml.safe_load((VALID / name).read_text(encoding="utf-8"))
    data.update(changes)
    return policy_from_data(data, source=f"policies/{name}")


@pytest.mark.parametrize(
    ("before", "after", "bump"),
    [("1.0.0", "1.0.0", "none"), ("1.0.0", "1.0.1", "patch"), ("1.0.9", "1.1.0", "minor"), ("1.9.9", "2.0.0", "major"), ("2.0.0", "1.9.9", "lower"), ("0.9.0", "1.0.0", "major")],
)
def test_declared_bump_reads_the_version_numbers(before: str, after: str, bump: str) -> None:
    assert declared_bump(before, after) == bump


@pytest.mark.parametrize(("version", "bump", "expected"), [("1.2.3", "major", "2.0.0"), ("1.2.3", "minor", "1.3.0"), ("1.2.3", "patch", "1.2.4"), ("1.2.3", "none", "1.2.3")])
def test_next_version_resets_the_lower_numbers(version: str, bump: str, expected: str) -> None:
    assert next_version(version, bump) == expected


def test_a_lower_version_is_refused_even_if_the_changelog_was_rewritten() -> None:
    old = policy("LC-001-customer-visits.yaml")
    new = policy("LC-001-customer-visits.yaml", version="1.9.0", changelog=[{"version": "1.9.0", "date": "2026-11-20", "summary": "Back."}])
    [review] = compare([old], [new]).policies
    assert "version-lowered" in [f.kind for f in review.findings]


@pytest.mark.parametrize(
    ("target", "bump"),
    [
        ({"value": 4, "unit": "business-hours"}, "none"),
        ({"value": 240, "unit": "minutes"}, "major"),  # business hours and minutes cannot be compared
        ({"value": 3, "unit": "business-hours"}, "minor"),
    ],
)
def test_response_targets_compare_only_in_comparable_units(target: dict[str, object], bump: str) -> None:
    old = policy("SE-001-greeting.yaml")
    standards = [dict(r) for r in old.data["response_standards"]]
    standards[1] = {**standards[1], "target": target}
    new = policy("SE-001-greeting.yaml", response_standards=standards)
    reviews = compare([old], [new]).policies
    assert (reviews[0].required if reviews else "none") == bump


def test_minutes_and_hours_compare() -> None:
    old = policy("SE-001-greeting.yaml", response_standards=[{"channel": "chat", "measure": "Reply", "target": {"value": 1, "unit": "hours"}}])
    new = policy("SE-001-greeting.yaml", response_standards=[{"channel": "chat", "measure": "Reply", "target": {"value": 90, "unit": "minutes"}}])
    [review] = compare([old], [new]).policies
    assert review.required == "major" and [c.kind for c in review.changes] == [ChangeKind.RESPONSE_STANDARD_LOOSENED]


def test_word_diff_marks_words_and_escapes_html() -> None:
    assert word_diff("Say <b>hi</b> now", "Say hello now") == "“Say <del>&lt;b&gt;hi&lt;/b&gt;</del> <ins>hello</ins> now”"


def test_a_statement_rewritten_beyond_recognition_needs_a_major_raise() -> None:
    old = policy("SE-001-greeting.yaml")
    statements = [dict(s) for s in old.data["statements"]]
    statements[1] = {**statements[1], "text": "Sweep the shop floor at closing time."}
    [review] = compare([old], [policy("SE-001-greeting.yaml", statements=statements)]).policies
    assert [(c.kind, c.statement) for c in review.changes] == [(ChangeKind.STATEMENT_REWRITTEN, "S2")]
    assert review.required == "major"


def test_statements_that_only_change_places_are_a_patch() -> None:
    old = policy("SE-001-greeting.yaml")
    new = policy("SE-001-greeting.yaml", statements=list(reversed(old.data["statements"])))
    [review] = compare([old], [new]).policies
    assert [(c.kind, c.before, c.after) for c in review.changes] == [(ChangeKind.STATEMENTS_REORDERED, ("S1", "S2"), ("S2", "S1"))]
    assert review.required == "patch"


def test_a_clarification_covers_only_the_version_whose_entry_declares_it() -> None:
    old = policy("SE-001-greeting.yaml")
    statements = [dict(s) for s in old.data["statements"]]
    statements[0] = {**statements[0], "text": "Greet every customer straight away."}
    entry = {"version": "1.0.1", "date": "2026-11-20", "summary": "Reworded.", "clarification": "Straight away is ten seconds."}
    clarified = policy("SE-001-greeting.yaml", statements=statements, version="1.0.1", changelog=[entry, *old.data["changelog"]])
    [review] = compare([old], [clarified]).policies
    assert [(c.kind, c.clarification) for c in review.changes] == [(ChangeKind.STATEMENT_CLARIFIED, "Straight away is ten seconds.")]
    assert (review.required, review.ok) == ("patch", True)
    unclarified = policy("SE-001-greeting.yaml", statements=statements, version="1.0.1", changelog=[{**entry, "clarification": None}, *old.data["changelog"]])
    [review] = compare([old], [unclarified]).policies
    assert [c.kind for c in review.changes] == [ChangeKind.STATEMENT_RULE_REWORDED] and review.required == "minor"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [(1, "minutes", "1 minute"), (1, "business-days", "1 business day"), (4, "business-hours", "4 business hours"), (1, "rings", "1 ring"), (2.5, "hours", "2.5 hours")],
)
def test_amounts_in_the_review_are_singular_for_one(value: float, unit: str, shown: str) -> None:
    assert amount(value, unit) == shown
