"""No valid policy can stall the build, and no file can flood the output.

Every list and text in the schemas has a limit (tests/unit/test_schema.py checks that each is
there and explained); text that would take Markdown far too long is refused with a reason;
a file's problems are capped. The slowest valid policy there can be is built, against a
generous ceiling: a guard against blow-ups, not a speed target.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from conftest import VALID, build_site, site_project
from policybook.check import MAX_PROBLEMS_PER_FILE
from policybook.load import MAX_BYTES
from policybook.validate import MAX_BRACKETS, MAX_NESTING

GREETING = "SE-001-greeting.yaml"


def _write(project: Path, name: str, data: dict[str, Any]) -> None:
    head = f"# yaml-language-server: $schema=../schemas/{data['kind']}.schema.json\n"
    (project / "policies" / name).write_text(head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100_000), encoding="utf-8")


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((VALID / name).read_text(encoding="utf-8"))
    return data


def test_a_policy_with_thousands_of_tags_is_refused_at_once(project: Path, run_cli: Callable[..., Result]) -> None:
    """16,000 tags passed validation in 0.2 s, then took 66 s to build (Material's tags and
    search plugins are quadratic in a page's tags); 30,000 more than 300 s."""
    data = _fixture(GREETING)
    data["tags"] = [f"tag-{i}" for i in range(16_000)]
    _write(project, GREETING, data)
    started = time.monotonic()
    result = run_cli("validate", cwd=project)
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert f"policies/{GREETING}:14:1: error: 'tags' lists 16,000 items, but at most 20 are allowed; keep the ones that matter most, or split the policy in two" in result.stdout


def test_thousands_of_problems_in_one_file_are_capped_with_how_many_more(project: Path, run_cli: Callable[..., Result]) -> None:
    """One file with 18,278 unknown fields printed 1.7 MB of errors."""
    path = project / "policies" / GREETING
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"extra{i}: x\n" for i in range(18_278)), encoding="utf-8")
    started = time.monotonic()
    result = run_cli("validate", cwd=project)
    assert time.monotonic() - started < 10
    lines = result.stdout.splitlines()
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 2
    assert all(line.startswith(f"policies/{GREETING}:") for line in lines[:-1])
    assert lines[-2] == f"policies/{GREETING}:96:1: error: and 18228 more problems in this file (18228 errors), not shown; fix the ones above, then check again to see them"
    assert lines[-1] == "3 policies checked, 18278 errors, 0 warnings"  # the count is of every problem
    assert len(result.stdout) < 20_000


def test_other_files_keep_their_own_problems_when_one_is_capped(project: Path, run_cli: Callable[..., Result]) -> None:
    path = project / "policies" / GREETING
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"extra{i}: x\n" for i in range(200)), encoding="utf-8")
    golden = project / "policies" / "GR-001-golden-rule.yaml"
    golden.write_text(golden.read_text(encoding="utf-8").replace("level: should", "level: shoud"), encoding="utf-8")
    result = run_cli("validate", cwd=project)
    assert "policies/GR-001-golden-rule.yaml:18:12: error: 'level' is 'shoud'" in result.stdout
    assert result.stdout.count(f"policies/{GREETING}:") == MAX_PROBLEMS_PER_FILE + 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[x]" * MAX_BRACKETS, None),
        ("[x]" * (MAX_BRACKETS + 1), f"'text' has {MAX_BRACKETS + 1} square brackets '['; a text may have at most {MAX_BRACKETS} (ten links)"),
        ("- " * MAX_NESTING + "deep", None),
        ("> - " * 6 + "deep", f"'text' nests lists or quotes 12 deep; at most {MAX_NESTING} are allowed"),
        ("First\n\n" + "\n".join("    " * i + "- item" for i in range(MAX_NESTING + 2)), f"'text' nests lists or quotes {MAX_NESTING + 2} deep"),
    ],
    ids=["brackets-at-the-limit", "brackets-over", "nesting-at-the-limit", "nesting-over", "nesting-by-indentation"],
)
def test_text_that_would_stall_markdown_is_refused_with_the_reason(text: str, problem: str | None, project: Path, run_cli: Callable[..., Result]) -> None:
    data = _fixture(GREETING)
    data["statements"][0]["text"] = text
    _write(project, GREETING, data)
    result = run_cli("validate", cwd=project)
    if problem is None:
        assert result.exit_code == 0, result.stdout
    else:
        assert result.exit_code == 1 and problem in result.stdout, result.stdout


# --- the slowest valid policy ------------------------------------------------------------

#: Characters that Markdown (or a page around the text) reads as syntax: the most work a
#: text can make, each written out as a reference in the fragment and read back by the page.
SYNTAX = "*_&<>`|{}!#~^=+$@:\\]"
#: As many '[' as a text may have, each left open or made a link, at the start: every one
#: is looked for to the end of the text.
BRACKETS = "[`[*[<[&[_[|[{[>[\\[!" + "[a](" * 5 + "[b]" * 5


def _hostile(length: int, seed: int) -> str:
    body = "".join(SYNTAX[(i * 7 + seed) % len(SYNTAX)] for i in range(length))
    return (BRACKETS + body)[:length]


def _worst_leader_commitment(length: int) -> dict[str, Any]:
    """A leader commitment with every list at its limit and every text as costly as it can be:
    for everyone, so its statements are on every role page too."""
    data = _fixture("LC-001-customer-visits.yaml")
    count = iter(range(1, 10_000))

    def text() -> str:
        return _hostile(length, next(count))

    versions = [f"1.{199 - i}.0" for i in range(200)]
    data.update(
        audience=["everyone"],
        roles=["manager", "executive"],
        tags=[f"t{i}-" + "a" * 36 for i in range(20)],
        summary=_hostile(600, 0),
        statements=[{"id": f"S{i + 1}", "level": ("must", "should", "may")[i % 3], "text": text()} for i in range(100)],
        rationale=_hostile(5000, 1),
        measured_by=_hostile(5000, 2),
        evidence=[text() for _ in range(50)],
        references=[{"title": "t" * 200, "author": "a" * 200, "url": "https://example.org/" + "p" * 1900, "note": text()} for _ in range(50)],
        version=versions[0],
        changelog=[{"version": v, "date": "2026-01-01", "summary": text()} for v in versions],
        related=[],
    )
    return data


def _largest_valid(make: Callable[[int], dict[str, Any]]) -> str:
    """The policy file `make` gives for the longest texts that keep it within the size limit."""
    low, high = 1, 5000
    while low < high:
        middle = (low + high + 1) // 2
        size = len(yaml.safe_dump(make(middle), sort_keys=False, allow_unicode=True, width=100_000).encode()) + 100
        low, high = (middle, high) if size <= MAX_BYTES else (low, middle - 1)
    return "# yaml-language-server: $schema=../schemas/leader-commitment.schema.json\n" + yaml.safe_dump(make(low), sort_keys=False, allow_unicode=True, width=100_000)


#: Far above what the build takes here (about 11 s on the 2-core test machine, the slowest of
#: the three kinds made this way: a golden rule 7 s, a service expectation 5 s); 16,000 tags took 66 s.
CEILING_SECONDS = 90


def test_the_slowest_valid_policy_builds_in_bounded_time(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    project = site_project(tmp_path / "project")
    text = _largest_valid(_worst_leader_commitment)
    assert MAX_BYTES - 2_000 < len(text.encode()) <= MAX_BYTES
    (project / "policies" / "LC-001-customer-visits.yaml").write_text(text, encoding="utf-8")
    checked = run_cli("validate", "--strict", cwd=project)
    assert checked.exit_code == 0, checked.stdout  # valid, warnings and all
    started = time.monotonic()
    result = build_site(project, tmp_path / "site")
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < CEILING_SECONDS, f"the build took {elapsed:.0f} s"
    assert (tmp_path / "site" / "policies" / "LC-001" / "index.html").stat().st_size > 200_000


def test_a_version_with_thousands_of_digits_is_an_error_not_a_crash(project: Path, run_cli: Callable[..., Result]) -> None:
    """Python refuses to read a number of more than 4,300 digits: the version rules crashed."""
    big = "1." + "1" * 5000 + ".0"
    path = project / "policies" / GREETING
    path.write_text(path.read_text(encoding="utf-8").replace('version: "1.0.0"', f'version: "{big}"'), encoding="utf-8")
    result = run_cli("validate", cwd=project)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"policies/{GREETING}:5:10: error: 'version' is 5004 characters long; shorten it to at most 32",
        f"policies/{GREETING}:43:14: error: 'version' is 5004 characters long; shorten it to at most 32",
        "3 policies checked, 2 errors, 0 warnings",
    ]
