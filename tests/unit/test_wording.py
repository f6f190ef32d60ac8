"""How a text changed: the words that carry a rule, word diffs, and statements followed
across revisions by their words."""

from __future__ import annotations

import pytest

from policybook.diff import match_statements
from policybook.model import Statement
from policybook.wording import RuleWords, Segment, rule_words, segments, similarity


@pytest.mark.parametrize(
    ("before", "after", "removed", "added", "classes"),
    [
        (
            "Greet every customer within ten seconds, even when you are busy.",
            "Greet every customer when you have time, unless you are busy.",
            ("within", "ten", "seconds"),
            ("unless",),
            ("number", "time limit", "condition"),
        ),
        ("Reply within 4 hours.", "Reply within 8 hours.", ("4",), ("8",), ("number",)),
        ("Do not interrupt.", "Interrupt.", ("not",), (), ("negation",)),
        ("Thank the customer.", "Always thank the customer.", (), ("Always",), ("quantifier",)),
        ("You must log the visit.", "You can log the visit.", ("must",), ("can",), ("obligation",)),
        ("Offer help to anyone.", "Offer help only to members.", (), ("only",), ("quantifier",)),
    ],
)
def test_rule_words_names_the_words_that_came_and_went(before: str, after: str, removed: tuple[str, ...], added: tuple[str, ...], classes: tuple[str, ...]) -> None:
    assert rule_words(before, after) == RuleWords(removed, added, classes)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Greet every customer within ten seconds.", "Greet each customer within 10 seconds."),
        ("Do not shout.", "Don't shout."),
        ("Within a day, always reply.", "Always reply within a day."),  # moved, not changed
        ("Greet customers warmly.", "Greet customers kindly."),
    ],
)
def test_rewording_that_keeps_the_rule_words_is_not_flagged(before: str, after: str) -> None:
    assert not rule_words(before, after)


def test_word_diff_groups_the_words_that_changed() -> None:
    assert segments("within ten seconds, even when you are busy", "when you have time, unless you are busy") == (
        Segment("removed", "within ten seconds, even"),
        Segment("same", "when"),
        Segment("added", "you have time, unless"),
        Segment("same", "you are busy"),
    )


def test_similarity_counts_words_in_order_whatever_their_case_and_punctuation() -> None:
    assert similarity("Say thank you.", "say thank you") == 1.0
    assert similarity("Say thank you.", "Clean the floor.") == 0.0


def _statements(*texts: str) -> list[Statement]:
    return [Statement(f"S{i}", "must", text, ("everyone",)) for i, text in enumerate(texts, 1)]


def test_statements_are_matched_by_their_words_when_renumbered() -> None:
    old = _statements("Greet every customer.", "Say your name.", "Thank them.")
    new = _statements("Greet every customer.", "Smile first.", "Say your name.", "Thank them.")
    assert [(a.id, b.id) for a, b in match_statements(old, new)] == [("S1", "S1"), ("S2", "S3"), ("S3", "S4")]


def test_a_reworded_statement_keeps_its_partner_when_others_move_around_it() -> None:
    old = _statements("Answer every call within three rings.", "Say your first name and the store.")
    new = _statements("Say your first name and the name of the store.", "Answer every call within three rings.")
    assert [(a.id, b.id) for a, b in match_statements(old, new)] == [("S1", "S2"), ("S2", "S1")]


def test_a_statement_rewritten_under_its_id_still_pairs_with_its_old_self() -> None:
    old = _statements("Greet every customer.", "Say your name.")
    new = _statements("Greet every customer.", "Clean the shop floor at closing time.")
    assert [(a.id, b.id) for a, b in match_statements(old, new)] == [("S1", "S1"), ("S2", "S2")]
