"""The scorecard's arithmetic, against cases worked out by hand: period edges (quarters, weeks,
leap years), a leader who joined or left within a period, a target changed within a period by
a new version of the commitment, and every status."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from policybook.config import Leader, defaults
from policybook.model import Policy, Target
from policybook.records import Record
from policybook.scorecard import Member, Scorecard, due, period_of, periods_to, roll_up, stages, status_of, whole

D = date.fromisoformat


def commitment(version: str = "1.0.0", effective: str = "2026-01-01", count: int = 2, per: str = "quarter", *, roles: tuple[str, ...] = ("executive",), status: str = "active", pid: str = "LC-001") -> Policy:
    """One version of a leader commitment, with only what the scorecard reads."""
    return Policy(
        id=pid, kind="leader-commitment", title="Customer visits", version=version, status=status, owner="CEO", effective=effective, review_by="2030-01-01",
        audience=("everyone",), summary="", statements=(), rationale="", changelog=(), source=f"policies/{pid}.yaml",
        roles=roles, target=Target("customer visits", count, "visits", per),
    )


def record(day: str, who: str, count: int = 1, commitment_id: str = "LC-001") -> Record:
    return Record(D(day), commitment_id, who, count, "", "", "", "records/r.csv", ((1, 1),) * 5)


def settings(*leaders: Leader, names: str = "named", periods: int = 4):  # type: ignore[no-untyped-def]
    import dataclasses

    return dataclasses.replace(defaults(), leaders=leaders, scorecard_names=names, scorecard_periods=periods)


EVERYONE_IN = Member(frozenset({"executive"}))


# --- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "per", "start", "end", "days", "label"),
    [
        ("2026-03-31", "quarter", "2026-01-01", "2026-03-31", 90, "Q1 2026"),
        ("2026-04-01", "quarter", "2026-04-01", "2026-06-30", 91, "Q2 2026"),
        ("2026-08-15", "quarter", "2026-07-01", "2026-09-30", 92, "Q3 2026"),
        ("2026-12-31", "quarter", "2026-10-01", "2026-12-31", 92, "Q4 2026"),
        ("2028-02-29", "quarter", "2028-01-01", "2028-03-31", 91, "Q1 2028"),  # a leap year's first quarter is a day longer
        ("2028-02-29", "month", "2028-02-01", "2028-02-29", 29, "February 2028"),
        ("2027-02-28", "month", "2027-02-01", "2027-02-28", 28, "February 2027"),
        ("2026-12-31", "month", "2026-12-01", "2026-12-31", 31, "December 2026"),
        ("2028-07-01", "year", "2028-01-01", "2028-12-31", 366, "2028"),
        ("2026-01-01", "week", "2025-12-29", "2026-01-04", 7, "Week 1, 2026"),  # a Thursday: ISO week 1 of 2026 starts in 2025
        ("2027-01-03", "week", "2026-12-28", "2027-01-03", 7, "Week 53, 2026"),
    ],
)
def test_a_day_falls_in_one_calendar_period(day: str, per: str, start: str, end: str, days: int, label: str) -> None:
    period = period_of(D(day), per)
    assert (period.start, period.end, period.days, period.label) == (D(start), D(end), days, label)


def test_periods_run_back_from_the_current_one_across_a_year_end() -> None:
    assert [p.label for p in periods_to(D("2027-02-10"), "quarter", 3)] == ["Q3 2026", "Q4 2026", "Q1 2027"]
    assert [p.label for p in periods_to(D("2027-01-05"), "month", 2)] == ["December 2026", "January 2027"]


# --- what is due --------------------------------------------------------------------------


def test_a_whole_period_asks_for_the_whole_target() -> None:
    timeline = stages([commitment()])
    q3 = period_of(D("2026-08-01"), "quarter")
    assert due(timeline, EVERYONE_IN, q3.start, q3.end) == 2


@pytest.mark.parametrize(
    ("joined", "exact", "target"),
    [
        ("2026-08-17", Fraction(2 * 45, 92), 1),  # 17 Aug to 30 Sep: 15 + 30 days of 92
        ("2026-09-08", Fraction(2 * 23, 92), 1),  # exactly half a visit: rounded up
        ("2026-09-09", Fraction(2 * 22, 92), 0),  # under half: nothing is due this quarter
        ("2026-07-01", Fraction(2), 2),
    ],
)
def test_a_leader_who_joined_mid_quarter_owes_the_share_they_were_there(joined: str, exact: Fraction, target: int) -> None:
    timeline = stages([commitment()])
    member = Member(frozenset({"executive"}), joined=D(joined))
    assert due(timeline, member, D("2026-07-01"), D("2026-09-30")) == exact
    assert whole(exact) == target


def test_a_target_raised_mid_quarter_by_a_new_version_counts_each_day_under_its_own_target() -> None:
    # 2 a quarter until 31 July (31 days of Q3's 92), then 4 a quarter (61 days): 62/92 + 244/92
    timeline = stages([commitment("1.0.0", "2026-01-01", 2), commitment("1.1.0", "2026-08-01", 4)])
    assert due(timeline, EVERYONE_IN, D("2026-07-01"), D("2026-09-30")) == Fraction(306, 92)
    assert whole(Fraction(306, 92)) == 3
    # the quarters either side are untouched
    assert due(timeline, EVERYONE_IN, D("2026-04-01"), D("2026-06-30")) == 2
    assert due(timeline, EVERYONE_IN, D("2026-10-01"), D("2026-12-31")) == 4


def test_a_target_changed_to_another_kind_of_period_is_pro_rated_by_the_new_period() -> None:
    # 2 a quarter for July (31 of 92 days), then 1 a month for August and September
    timeline = stages([commitment("1.0.0", "2026-01-01", 2, "quarter"), commitment("2.0.0", "2026-08-01", 1, "month")])
    assert due(timeline, EVERYONE_IN, D("2026-07-01"), D("2026-09-30")) == Fraction(62, 92) + 2


def test_a_version_that_binds_more_roles_binds_them_from_its_effective_date() -> None:
    timeline = stages([commitment("1.0.0", "2026-01-01", 1), commitment("1.1.0", "2026-06-01", 1, roles=("executive", "manager"))])
    manager = Member(frozenset({"manager"}))
    assert due(timeline, manager, D("2026-04-01"), D("2026-06-30")) == Fraction(30, 91)  # June only
    assert due(timeline, EVERYONE_IN, D("2026-04-01"), D("2026-06-30")) == 1


def test_nothing_is_due_before_a_commitment_takes_effect_or_after_it_is_retired() -> None:
    timeline = stages([commitment("1.0.0", "2026-02-15", 3, "month"), commitment("1.1.0", "2026-05-01", 3, "month", status="retired")])
    assert due(timeline, EVERYONE_IN, D("2026-02-01"), D("2026-02-28")) == Fraction(3 * 14, 28)
    assert due(timeline, EVERYONE_IN, D("2026-05-01"), D("2026-05-31")) == 0


def test_drafts_and_proposals_never_set_a_target() -> None:
    timeline = stages([commitment("1.0.0", "2026-01-01", 2), commitment("1.1.0", "2026-04-01", 9, status="draft")])
    assert [s.version for s in timeline] == ["1.0.0"]


def test_a_leap_year_moves_the_middle_of_the_year() -> None:
    """On 1 July, 182 of 2026's 365 days have gone (2 a year: 0.997 due, so nothing whole yet);
    in 2028, 183 of 366 (exactly 1)."""
    timeline = stages([commitment(count=2, per="year", effective="2026-01-01")])
    assert due(timeline, EVERYONE_IN, D("2026-01-01"), D("2026-07-01")) == Fraction(2 * 182, 365)
    assert due(timeline, EVERYONE_IN, D("2028-01-01"), D("2028-07-01")) == 1


# --- statuses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "done", "planned", "due_by_now", "over", "expected"),
    [
        (2, 2, 0, 1, False, "met"),
        (2, 3, 0, 2, True, "met"),
        (2, 0, 0, 0, False, "no-records"),
        (2, 0, 0, 2, True, "no-records"),
        (2, 1, 0, 1, False, "on-track"),
        (2, 0, 1, 0, False, "on-track"),  # nothing due yet, one lined up
        (2, 0, 1, 1, False, "behind"),  # one is due by now; a plan is not a visit
        (2, 1, 0, 2, True, "behind"),  # the quarter ended one short
        (0, 1, 0, 0, False, "met"),
    ],
)
def test_status_of_a_period(target: int, done: int, planned: int, due_by_now: int, over: bool, expected: str) -> None:
    assert status_of(target=target, done=done, planned=planned, due_by_now=due_by_now, over=over) == expected


# --- the roll-up --------------------------------------------------------------------------

ANA = Leader("ana", "Ana Reyes", ("executive",))
BEN = Leader("ben", "Ben Okoro", ("executive",), joined=D("2026-08-17"))
CAL = Leader("cal", "Cal Diaz", ("executive",), left=D("2026-08-31"))


def _scorecard(records: list[Record], *, as_of: str, versions: list[Policy] | None = None, names: str = "named", leaders: tuple[Leader, ...] = (ANA, BEN, CAL)) -> Scorecard:
    return roll_up(records, {"LC-001": versions or [commitment()]}, settings(*leaders, names=names), as_of=D(as_of))


def test_each_leader_each_period_done_against_target_with_plans_for_the_rest_of_the_period() -> None:
    records = [
        record("2026-07-10", "ana"), record("2026-09-30", "ana"),  # Q3: 2 of 2
        record("2026-10-05", "ana"), record("2026-11-30", "ana"),  # Q4: one done by 15 Nov, one lined up
        record("2027-01-20", "ana", 2),  # lined up after Q4
        record("2026-09-01", "ben"),  # Q3: 1 of 1 (joined 17 August)
        record("2026-08-01", "cal"),  # Q3: 1 of 2 (left 31 August: 62 of 92 days, 1.35, so 1)
    ]
    card = _scorecard(records, as_of="2026-11-15").cards[0]
    assert [p.label for p in card.periods] == ["Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]
    ana, ben, cal = card.leaders
    q3, q4 = ana.tallies[2], ana.tallies[3]
    assert q3 is not None and (q3.target, q3.done, q3.status) == (2, 2, "met")
    assert q4 is not None and (q4.target, q4.done, q4.planned, q4.due_by_now, q4.status) == (2, 1, 1, 1, "on-track")
    assert ana.later == 2
    assert ben.tallies[:2] == (None, None)  # not there yet: nothing due, nothing shown
    assert ben.tallies[2] is not None and (ben.tallies[2].target, ben.tallies[2].status) == (1, "met")
    assert ben.note == "joined 17 August 2026"
    assert cal.tallies[2] is not None and (cal.tallies[2].target, cal.tallies[2].done) == (1, 1)
    assert cal.tallies[3] is None
    total = card.total.tallies[2]
    assert total is not None and (total.target, total.done, total.status) == (4, 4, "met")
    everyone_q4 = card.total.current
    # Q4: Ana 2 and Ben 2 due; by 15 November (46 of 92 days) one each; Ana has 1, Ben 0
    assert everyone_q4 is not None and (everyone_q4.target, everyone_q4.done, everyone_q4.planned, everyone_q4.due_by_now, everyone_q4.status) == (4, 1, 1, 2, "behind")


def test_a_leader_with_nothing_recorded_has_no_records_and_one_who_left_short_is_behind() -> None:
    card = _scorecard([record("2026-07-02", "cal")], as_of="2026-09-10").cards[0]
    ana, ben, cal = card.leaders
    assert ana.current is not None and ana.current.status == "no-records"
    assert ben.current is not None and ben.current.target == 1 and ben.current.status == "no-records"
    # Cal left on 31 August with 1 of 1 due: met, however the quarter ends
    assert cal.current is not None and (cal.current.target, cal.current.status) == (1, "met")
    card = _scorecard([], as_of="2026-09-10", leaders=(Leader("dee", "Dee", ("executive",), left=D("2026-08-31")),)).cards[0]
    assert card.leaders[0].current is not None and card.leaders[0].current.status == "no-records"
    # left on 15 September: 77 of 92 days, 1.67 visits, so 2; by 20 September nothing more can come
    card = _scorecard([record("2026-07-02", "dee")], as_of="2026-09-20", leaders=(Leader("dee", "Dee", ("executive",), left=D("2026-09-15")),)).cards[0]
    current = card.leaders[0].current
    assert current is not None and (current.target, current.done, current.due_by_now, current.status) == (2, 1, 2, "behind")


def test_the_scorecard_uses_the_target_of_each_day_when_a_version_changes_it_mid_quarter() -> None:
    versions = [commitment("1.0.0", "2026-01-01", 2), commitment("1.1.0", "2026-08-01", 4)]
    card = _scorecard([record("2026-07-15", "ana"), record("2026-08-15", "ana"), record("2026-09-15", "ana")], as_of="2026-12-01", versions=versions, leaders=(ANA,)).cards[0]
    q3 = card.leaders[0].tallies[2]
    assert q3 is not None and (q3.target, q3.done, q3.status) == (3, 3, "met")  # 306/92 visits due: 3
    assert card.target == Target("customer visits", 4, "visits", "quarter")
    assert [(c.day, c.before.count, c.after.count, c.version) for c in card.changes] == [(D("2026-08-01"), 2, 4, "1.1.0")]


def test_records_that_name_a_role_count_for_the_role_and_everyone_not_for_a_person() -> None:
    card = _scorecard([record("2026-10-06", "executive", 2), record("2026-10-07", "ana")], as_of="2026-12-31", leaders=(ANA,)).cards[0]
    (role,) = card.roles
    assert role.current is not None and role.current.done == 3
    assert card.total.current is not None and card.total.current.done == 3
    assert card.leaders[0].current is not None and card.leaders[0].current.done == 1


def test_a_role_no_one_in_the_roster_holds_is_measured_as_one_person() -> None:
    card = _scorecard([record("2026-10-06", "executive")], as_of="2026-12-31", leaders=()).cards[0]
    (role,) = card.roles
    assert role.current is not None and (role.current.target, role.current.done, role.current.status) == (2, 1, "behind")
    assert "measured as one person" in role.note


def test_totals_only_leave_out_every_name() -> None:
    scorecard = _scorecard([record("2026-10-06", "ana")], as_of="2026-11-01", names="totals")
    card = scorecard.cards[0]
    assert card.leaders == ()
    assert [line.name for line in card.roles] == ["Executives"]
    assert "Ana" not in repr(scorecard)


def test_a_commitment_not_in_effect_yet_shows_its_start_and_what_is_lined_up() -> None:
    card = _scorecard([record("2027-01-10", "ana")], as_of="2026-11-01", versions=[commitment(effective="2027-01-01")], leaders=(ANA,)).cards[0]
    assert card.starts == D("2027-01-01") and card.periods == ()
    assert card.total.later == 1


def test_retired_and_draft_commitments_are_not_on_the_scorecard() -> None:
    versions = {"LC-001": [commitment(status="retired")], "LC-002": [commitment(pid="LC-002", status="draft")], "LC-003": [commitment(pid="LC-003")]}
    scorecard = roll_up([], versions, settings(ANA), as_of=D("2026-11-01"))
    assert [card.id for card in scorecard.cards] == ["LC-003"]


def test_the_trend_shows_the_periods_the_setting_asks_for_and_none_before_the_commitment() -> None:
    monthly = [commitment(count=4, per="month", effective="2026-09-15")]
    card = roll_up([], {"LC-001": monthly}, settings(ANA, periods=6), as_of=D("2026-11-20")).cards[0]
    assert [p.label for p in card.periods] == ["September 2026", "October 2026", "November 2026"]
    september = card.leaders[0].tallies[0]
    assert september is not None and september.target == 2  # 16 of 30 days of 4 a month: 2.13


def test_counts_are_over_the_current_periods_of_leaders_or_of_roles() -> None:
    scorecard = _scorecard([record("2026-10-06", "ana"), record("2026-10-07", "ana")], as_of="2026-11-01")
    assert scorecard.counts() == {"met": 1, "on-track": 0, "behind": 0, "no-records": 1}  # Ana met; Ben nothing; Cal gone
    totals = _scorecard([record("2026-10-06", "ana")], as_of="2026-11-01", names="totals")
    assert totals.counts() == {"met": 0, "on-track": 1, "behind": 0, "no-records": 0}
