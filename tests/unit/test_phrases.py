"""The phrase matcher: what counts as a phrase to avoid, in which kinds of file, and where."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import policybook.phrases
from policybook.model import policy_from_data
from policybook.phrases import (
    PARALLEL_FROM,
    AvoidPhrase,
    Matcher,
    Selection,
    check_files,
    check_text,
    pattern,
    phrases_in_force,
    select_files,
    vale_style,
    workers_for,
)

NO_PROBLEM = AvoidPhrase("No problem.", "It hints that the request could have been a problem.", "You're very welcome.", "SE-003", "Words", ("everyone",))
POLICY = AvoidPhrase("It's company policy.", "It hides behind a rule.", "Here's what I can do.", "SE-003", "Words", ("everyone",))
HONEST = AvoidPhrase("To be honest with you...", "It suggests the rest is not.", None, "SE-003", "Words", ("everyone",))
MATCHER = Matcher([NO_PROBLEM, POLICY, HONEST])


def _found(text: str, suffix: str = ".txt") -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.message.split('"')[1]) for p in check_text(text, display="t", suffix=suffix, matcher=MATCHER)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No problem.", [(1, 1, "No problem.")]),
        ("NO PROBLEM", [(1, 1, "No problem.")]),
        ("Sure, no   problem!", [(1, 7, "No problem.")]),
        ("Sure, no\n  problem", [(1, 7, "No problem.")]),
        ("It’s company policy", [(1, 1, "It's company policy.")]),
        ("it's company policy, sorry", [(1, 1, "It's company policy.")]),
        ("To be honest with you, we lost it.", [(1, 1, "To be honest with you...")]),
        ("“No problem,” she said.", [(1, 2, "No problem.")]),
        ("no problems found", []),
        ("a no-problem refund", []),
        ("cano problem", []),
        ("it's companies' policy", []),
    ],
    ids=[
        "exact",
        "case",
        "extra-spaces-and-other-punctuation",
        "line-break-inside",
        "curly-apostrophe",
        "trailing-text",
        "trailing-punctuation-of-the-phrase",
        "inside-curly-quotes",
        "whole-words-only",
        "hyphen-is-not-a-space",
        "not-inside-a-word",
        "different-words",
    ],
)
def test_how_a_phrase_matches(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("suffix", "text", "expected"),
    [
        (".md", "**No** problem, see [no problem](https://example.org/no-problem)", [(1, 3, "No problem."), (1, 22, "No problem.")]),
        (".md", "Use `it's company policy` never", [(1, 6, "It's company policy.")]),
        (".html", "<p>No <b>problem</b></p>", [(1, 4, "No problem.")]),
        (".html", "<p>It&rsquo;s company policy</p>", [(1, 4, "It's company policy.")]),
        (".html", "<script>no problem</script><style>p::after{content:'no problem'}</style><!-- no problem -->", []),
        (".html", '<p title="no problem">fine</p>', []),
        (".json", '{"no problem": "fine", "body": "Sure, no problem"}', [(1, 39, "No problem.")]),
        (".json", '{"body": "<p>No <em>problem</em></p>"}', [(1, 14, "No problem.")]),
        (".yaml", "no problem: fine\nbody: Sure, no problem\n", [(2, 13, "No problem.")]),
        (".yaml", "body: |\n  Hello\n  it's company policy\n", [(3, 3, "It's company policy.")]),
        (".csv", "Name,Body\nno problem,Fine\nx,\"Sure, \"\"no problem\"\"\"\n", [(2, 1, "No problem."), (3, 12, "No problem.")]),
        (".csv", "no problem,Body\nx,fine\n", []),
    ],
    ids=[
        "markdown-emphasis-and-link-text-not-target",
        "markdown-code",
        "html-tags-between-words",
        "html-entities",
        "html-scripts-styles-comments",
        "html-attributes",
        "json-values-not-keys",
        "json-html-inside-a-value",
        "yaml-values-not-keys",
        "yaml-block-text",
        "csv-cells-and-doubled-quotes",
        "csv-header-is-not-text",
    ],
)
def test_each_kind_of_file_is_read_as_its_readers_see_it(suffix: str, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert _found(text, suffix) == expected


def test_deliberate_quotes_can_be_left_unchecked() -> None:
    text = "\n".join(
        [
            "no problem",  # 1: found
            "<!-- policybook-phrases: ignore -->",  # 2: this line and the next are not checked
            "no problem",
            "no problem  # policybook-phrases: ignore",  # 4: not checked, nor line 5
            "no problem",
            "no problem",  # 6: found
            "policybook-phrases: off",
            "no problem",
            "policybook-phrases: on",
            "no problem",  # 10: found
        ]
    )
    assert [line for line, _, _ in _found(text)] == [1, 6, 10]


def test_a_phrase_inside_a_longer_one_is_reported_as_the_longer_one() -> None:
    short = AvoidPhrase("I don't know.", "It closes the conversation.", None, "SE-003", "Words", ("everyone",))
    longer = AvoidPhrase("I don't know, sorry.", "It closes the conversation and blames nobody.", None, "SE-004", "Answers", ("everyone",))
    problems = check_text("Well, I don't know, sorry.", display="t", suffix=".txt", matcher=Matcher([short, longer]))
    assert [p.message.split("(")[1].split(")")[0] for p in problems] == ["SE-004"]


def test_the_message_says_why_and_what_to_say_instead() -> None:
    [problem] = check_text("x\nOK, no problem.", display="templates/refund.md", suffix=".md", matcher=MATCHER)
    assert str(problem) == (
        'templates/refund.md:2:5: warning: "No problem." is a phrase to avoid (SE-003): it hints that the request could have been a problem; '
        'say "You\'re very welcome." instead'
    )
    [without] = check_text("to be honest with you", display="t.txt", suffix=".txt", matcher=MATCHER)
    assert without.message == '"To be honest with you..." is a phrase to avoid (SE-003): it suggests the rest is not'


def _policy(**changes: Any) -> Any:
    data: dict[str, Any] = {
        "id": "SE-010",
        "kind": "service-expectation",
        "title": "Phone words",
        "version": "1.0.0",
        "status": "active",
        "owner": "Contact Centre",
        "effective": "2026-01-01",
        "review_by": "2027-01-01",
        "audience": ["frontline"],
        "summary": "s",
        "statements": [{"id": "S1", "level": "must", "text": "t"}],
        "rationale": "r",
        "changelog": [{"version": "1.0.0", "date": "2026-01-01", "summary": "First."}],
        "situations": ["On the phone."],
        "phrases": {
            "avoid": [
                {"text": "Hold on.", "why": "It is abrupt.", "channels": ["phone"]},
                {"text": "Whatever.", "why": "It is rude."},
            ]
        },
    }
    data.update(changes)
    return policy_from_data(data, source="policies/SE-010-phone-words.yaml")


@pytest.mark.parametrize(
    ("policy", "audience", "channel", "expected"),
    [
        (_policy(), None, None, ["Hold on.", "Whatever."]),
        (_policy(), "frontline", None, ["Hold on.", "Whatever."]),
        (_policy(), "executive", None, []),
        (_policy(audience=["everyone"]), "executive", None, ["Hold on.", "Whatever."]),
        (_policy(), None, "phone", ["Hold on.", "Whatever."]),
        (_policy(), None, "email", ["Whatever."]),
        (_policy(status="draft", version="0.1.0"), None, None, []),
        (_policy(status="retired", no_replacement_reason="Gone."), None, None, []),
        (_policy(status="deprecated", no_replacement_reason="Going."), None, None, ["Hold on.", "Whatever."]),
        (_policy(effective="2027-01-01", review_by="2028-01-01"), None, None, []),
    ],
    ids=["all", "its-audience", "another-audience", "for-everyone", "its-channel", "another-channel", "draft", "retired", "deprecated", "not-yet-effective"],
)
def test_only_phrases_in_force_today_for_the_audience_and_channel_apply(policy: Any, audience: str | None, channel: str | None, expected: list[str]) -> None:
    found = phrases_in_force([policy], today=date(2026, 11, 23), audience=audience, channel=channel)
    assert [p.text for p in found] == expected


VALE_LEVELS = {"suggestion", "warning", "error"}


def test_the_vale_style_follows_vales_rule_format_and_matches_what_the_checker_matches() -> None:
    """Each file is a rule of Vale's documented `substitution` (swap: observed -> expected) or
    `existence` (tokens) type; its patterns use no construct Go's regexp lacks, and find the
    same places the checker does (Vale adds the word boundaries)."""
    files = vale_style([NO_PROBLEM, POLICY, HONEST])
    assert sorted(files) == ["SE003ItsCompanyPolicy.yml", "SE003NoProblem.yml", "SE003ToBeHonestWithYou.yml"]
    samples = ["sure, NO\n problem!", "it’s company policy", "To be honest with you, no", "no problems, its company policy"]
    for name, text in files.items():
        rule = yaml.safe_load(text)
        assert rule["extends"] in ("substitution", "existence"), name
        assert set(rule) <= {"extends", "message", "level", "ignorecase", "swap", "tokens"}, name
        assert rule["level"] in VALE_LEVELS and rule["ignorecase"] is True
        assert isinstance(rule["message"], str) and rule["message"].count("%s") == (2 if rule["extends"] == "substitution" else 1)
        keys = list(rule["swap"]) if rule["extends"] == "substitution" else rule["tokens"]
        assert all(isinstance(value, str) and "|" not in value for value in rule.get("swap", {}).values())
        for key in keys:
            assert not re.search(r"\(\?[=!<]|\\[1-9]", key), f"{name}: lookarounds and back-references are not in Go's regexp"
    substitution = yaml.safe_load(files["SE003NoProblem.yml"])
    assert substitution["swap"] == {r"No\s+problem": "You're very welcome."}
    assert substitution["message"] == "Say '%s' instead of '%s': it hints that the request could have been a problem (SE-003)."
    existence = yaml.safe_load(files["SE003ToBeHonestWithYou.yml"])
    assert existence["tokens"] == [r"To\s+be\s+honest\s+with\s+you"]
    for text in samples:
        for phrase, name in ((NO_PROBLEM, "SE003NoProblem.yml"), (POLICY, "SE003ItsCompanyPolicy.yml"), (HONEST, "SE003ToBeHonestWithYou.yml")):
            rule = yaml.safe_load(files[name])
            key = next(iter(rule.get("swap") or {})) if rule["extends"] == "substitution" else rule["tokens"][0]
            vale_hits = [m.start() for m in re.finditer(rf"\b(?:{key})\b", text, re.IGNORECASE)]
            our_hits = [m.start() for m in re.finditer(pattern(phrase.text), text, re.IGNORECASE)]
            assert vale_hits == our_hits, (name, text)


@pytest.mark.parametrize("short", [True, False], ids=["short-text", "long-text"])
@pytest.mark.parametrize("apostrophe", ["'", "’"], ids=["ascii", "unicode"])
def test_places_are_right_after_many_runs_of_spaces(short: bool, apostrophe: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs of spaces are made one before matching; the place reported is in the file as written
    (ASCII texts are matched as bytes, others as text: both ways)."""
    if not short:
        monkeypatch.setattr(policybook.phrases._Unspacer, "SHORT", 10)
    text = "word    " * 300 + "no   \n   problem" + "  x  " * 200 + f"it{apostrophe}s   company policy"
    found = [(text[start:end], phrase.text) for start, end, phrase in MATCHER.find(text)]
    assert found == [("no   \n   problem", "No problem."), (f"it{apostrophe}s   company policy", "It's company policy.")]


def _templates(folder: Path, count: int) -> Selection:
    """`count` small templates, one in three with a phrase to avoid somewhere in it."""
    for n in range(count):
        phrase = ("No problem!", "it’s company  policy", "To be honest with you")[n % 3] if n % 3 == 0 or n % 7 == 0 else "thanks"
        (folder / f"t{n:04d}.md").write_text(f"# Reply {n}\n\n{'Thank you for writing. ' * (n % 5)}\n{phrase}, we will call.\n", encoding="utf-8")
    return select_files([folder], own_folders=[])


def test_many_files_shared_among_processes_give_exactly_what_one_process_finds(tmp_path: Path) -> None:
    selection = _templates(tmp_path, PARALLEL_FROM + 100)
    assert workers_for(len(selection.files), 2) == 2
    alone = check_files(selection, matcher=MATCHER, base=tmp_path, jobs=1)
    shared = check_files(selection, matcher=MATCHER, base=tmp_path, jobs=2)
    assert len(alone.problems) > PARALLEL_FROM // 3 and shared == alone


@pytest.mark.parametrize(("files", "jobs", "workers"), [(PARALLEL_FROM - 1, 8, 1), (PARALLEL_FROM, 1, 1), (PARALLEL_FROM, 8, 2), (PARALLEL_FROM * 10, 8, 8)])
def test_only_long_lists_of_files_are_shared_among_processes(files: int, jobs: int, workers: int) -> None:
    """Starting a process costs more than checking a few hundred small files."""
    assert workers_for(files, jobs) == workers
