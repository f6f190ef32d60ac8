"""`policybook scorecard`: the roll-up printed as text, JSON and CSV, dated by the build's
date, with targets taken from every version of a commitment in git."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from conftest import FIXTURES, write_config

ROSTER = (FIXTURES / "records-roster.yml").read_text(encoding="utf-8")
LC = "LC-001-customer-visits.yaml"


def _records(project: Path, text: str, name: str = "2026.csv", roster: str = ROSTER) -> Path:
    write_config(project, roster)
    (project / "records").mkdir(exist_ok=True)
    (project / "records" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return project


Q3_AND_Q4 = """\
    date,commitment,who,count,note
    2026-07-14,LC-001,dana-whitfield,,Home visit
    2026-09-02,LC-001,dana-whitfield,,Store visit
    2026-09-20,LC-001,sam-newton,,Store visit
    2026-10-05,LC-001,dana-whitfield,,Trade customer visit
    2026-11-30,LC-001,dana-whitfield,,Home visit booked
    2027-01-12,LC-001,sam-newton,2,Store visits booked
"""


def test_the_scorecard_prints_each_leader_and_role_period_by_period(project: Path, run_cli: Callable[..., Result]) -> None:
    _records(project, Q3_AND_Q4)
    result = run_cli("scorecard", "--as-of", "2026-11-15", cwd=project)
    assert result.exit_code == 0, result.output
    # Q2: Dana and Ola 2 each, none recorded; Sam not there yet. Q3: Dana 2 of 2; Sam joined on
    # 1 July, so 2 were due, 1 made; Ola left on 30 June. Q4 by 15 November (46 of 92 days): 1 of
    # 2 due from each of Dana and Sam; Dana has made 1 and lined up 1; Sam's plans are for January.
    assert result.stdout == textwrap.dedent("""\
        Leader scorecard as of 15 November 2026: 1 commitment; each leader by name, and totals for each role.
        The current periods: 0 met, 1 on track, 0 behind, 1 with no records.

        LC-001 Executive customer visits: 2 visits per quarter, for executives
                                           Q2 2026             Q3 2026         Q4 2026 so far                  lined up later
          Everyone bound                   0 of 4, no records  3 of 4, behind  1 of 4 (+1 lined up), behind    2
          Executives                       0 of 4, no records  3 of 4, behind  1 of 4 (+1 lined up), behind    2
          Dana Whitfield                   0 of 2, no records  2 of 2, met     1 of 2 (+1 lined up), on track
          Sam Newton (joined 1 July 2026)  —                   1 of 2, behind  0 of 2, no records              2
          Ola Berg (left 30 June 2026)     0 of 2, no records  —               —
        """)


def test_json_and_csv_carry_the_same_numbers_for_other_tools(project: Path, run_cli: Callable[..., Result]) -> None:
    _records(project, Q3_AND_Q4)
    data = json.loads(run_cli("scorecard", "--as-of", "2026-11-15", "--format", "json", cwd=project).stdout)
    assert data["as_of"] == "2026-11-15" and data["names"] == "named"
    (card,) = data["commitments"]
    assert card["id"] == "LC-001" and card["target"] == {"activity": "customer visits", "count": 2, "unit": "visits", "per": "quarter"}
    dana = next(line for line in card["lines"] if line["id"] == "dana-whitfield")
    assert dana["periods"][-1] == {"period": "Q4 2026", "target": 2, "done": 1, "lined_up": 1, "due_by_now": 1, "status": "on-track"}
    rows = list(csv.DictReader(io.StringIO(run_cli("scorecard", "--as-of", "2026-11-15", "--format", "csv", cwd=project).stdout)))
    q4 = next(row for row in rows if row["who"] == "dana-whitfield" and row["period"] == "Q4 2026")
    assert (q4["target"], q4["done"], q4["lined_up"], q4["status"], q4["unit"]) == ("2", "1", "1", "on-track", "visits")
    assert {row["kind"] for row in rows} == {"all", "role", "leader"}


def test_names_a_spreadsheet_would_run_as_formulas_are_written_as_text(project: Path, run_cli: Callable[..., Result]) -> None:
    _records(project, "date,commitment,who\n2026-10-05,LC-001,dana-whitfield\n", roster=ROSTER.replace("name: Dana Whitfield", 'name: "=HYPERLINK(1)"'))
    rows = list(csv.reader(io.StringIO(run_cli("scorecard", "--as-of", "2026-11-15", "--format", "csv", cwd=project).stdout)))
    assert any(row[8] == "'=HYPERLINK(1)" for row in rows)


def test_totals_only_show_no_names_anywhere(project: Path, run_cli: Callable[..., Result]) -> None:
    _records(project, Q3_AND_Q4, roster=ROSTER + "scorecard:\n  names: totals\n")
    for fmt in ("text", "json", "csv"):
        output = run_cli("scorecard", "--as-of", "2026-11-15", "--format", fmt, cwd=project).stdout
        assert "Executives" in output
        assert not any(name in output for name in ("Dana", "Sam", "Ola", "dana-whitfield", "sam-newton"))


def test_a_record_with_a_mistake_stops_the_scorecard_with_the_problem(project: Path, run_cli: Callable[..., Result]) -> None:
    _records(project, "date,commitment,who\n2026-10-05,LC-001,rosa-lind\n")
    result = run_cli("scorecard", cwd=project)
    assert result.exit_code == 1 and result.stdout == ""
    assert "records/2026.csv:2:19: error: Rosa Lind (Managers) is not bound by LC-001" in result.stderr


def test_the_scorecard_is_dated_by_the_build_date_not_the_clock(project: Path, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    _records(project, Q3_AND_Q4)
    monkeypatch.delenv("POLICYBOOK_TODAY")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21
    assert run_cli("scorecard", cwd=project).stdout.startswith("Leader scorecard as of 21 September 2026:")
    assert run_cli("scorecard", "--as-of", "2026-12-31", cwd=project).stdout.startswith("Leader scorecard as of 31 December 2026:")


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args], check=True, capture_output=True)


def _version(project: Path, version: str, effective: str, count: int, changelog: str) -> None:
    path = project / "policies" / LC
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.partition("changelog:")
    head = re.sub(r'(?m)^version: ".*"$', f'version: "{version}"', head)
    head = re.sub(r'(?m)^effective: ".*"$', f'effective: "{effective}"', head)
    head = re.sub(r"(?m)^  count: [0-9]+$", f"  count: {count}", head)
    path.write_text(head + "changelog:\n" + changelog, encoding="utf-8")


def test_a_target_raised_mid_quarter_by_a_new_version_in_git_counts_each_day_under_its_own_target(project: Path, run_cli: Callable[..., Result]) -> None:
    first = '  - {version: "1.0.0", date: "2026-01-01", summary: First version.}\n'
    _version(project, "1.0.0", "2026-01-01", 2, first)
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "LC-001 1.0.0")
    _version(project, "1.1.0", "2026-08-01", 4, '  - {version: "1.1.0", date: "2026-07-20", summary: Four visits a quarter.}\n' + first)
    _git(project, "commit", "-q", "-am", "LC-001 1.1.0: four visits a quarter from August")
    # A visit in March: before the file's own effective date, but version 1.0.0 applied then.
    _records(project, "date,commitment,who\n2026-03-03,LC-001,dana-whitfield\n2026-07-14,LC-001,dana-whitfield\n2026-08-14,LC-001,dana-whitfield\n2026-09-14,LC-001,dana-whitfield\n")
    validated = run_cli("validate", cwd=project)
    assert validated.exit_code == 0, validated.stdout
    data = json.loads(run_cli("scorecard", "--as-of", "2026-10-10", "--format", "json", cwd=project).stdout)
    (card,) = data["commitments"]
    assert card["changes"] == [{"date": "2026-08-01", "version": "1.1.0", "before": {**card["target"], "count": 2}, "after": card["target"]}]
    dana = next(line for line in card["lines"] if line["id"] == "dana-whitfield")
    by_period = {p["period"]: p for p in dana["periods"] if p}
    assert (by_period["Q1 2026"]["target"], by_period["Q1 2026"]["done"]) == (2, 1)
    # Q3: 31 days at 2 a quarter and 61 at 4: 306/92 = 3.3 visits, so 3; three were made
    assert (by_period["Q3 2026"]["target"], by_period["Q3 2026"]["done"], by_period["Q3 2026"]["status"]) == (3, 3, "met")
    assert by_period["Q4 2026"]["target"] == 4
    text = run_cli("scorecard", "--as-of", "2026-10-10", cwd=project).stdout
    assert "The target changed on 1 August 2026 (version 1.1.0): 2 visits per quarter before, 4 visits per quarter since." in text


def test_without_git_only_the_file_as_it_is_counts(project: Path, run_cli: Callable[..., Result]) -> None:
    _version(project, "1.1.0", "2026-08-01", 4, '  - {version: "1.1.0", date: "2026-07-20", summary: Four visits a quarter.}\n  - {version: "1.0.0", date: "2026-01-01", summary: First.}\n')
    _records(project, "date,commitment,who\n2026-03-03,LC-001,dana-whitfield\n")
    result = run_cli("validate", cwd=project)
    assert "records/2026.csv:2:1: error: LC-001 took effect on 2026-08-01; this record is dated 2026-03-03, before it applied; check the date" in result.stdout
