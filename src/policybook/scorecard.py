"""The leader scorecard: each commitment's target against what leaders did, period by period.

Pure arithmetic over four things: the records, each commitment's published versions (their
effective dates, roles and targets), the roster, and the day the scorecard is for (the
build's date, never the clock).

How much is due, by one rule with no special cases: a target of N a period asks N ÷ (days
in that period) of each day of the period, under the version in effect that day, on the days
a leader holds a role that version binds. Summed over a period, this pro-rates a leader who
joined or left within it, and a target changed within it by a new version. A period's target
is that sum rounded to whole units (half up), since records count whole units; "on track"
asks for the whole units due by the as-of day (rounded down), so nobody is behind on the
first day of a quarter.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

from .config import Leader, Settings
from .model import Policy, Target, version_key
from .records import IN_FORCE, Record
from .versions import PUBLISHED, in_effect_on

Status = Literal["met", "on-track", "behind", "no-records"]
#: Every status, in the order a reader meets them, and what readers call each.
STATUS_LABELS: dict[Status, str] = {"met": "Met", "on-track": "On track", "behind": "Behind", "no-records": "No records"}
Names = Literal["named", "totals"]
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_DAY = timedelta(days=1)


# --- periods ------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """One period of a target: calendar weeks (Monday to Sunday), months, quarters or years."""

    start: date
    end: date  # the last day, included
    per: str = field(compare=False)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """'Q3 2026', 'March 2026', 'Week 12, 2026', '2026'."""
        return _LABELS[self.per](self)

    @property
    def short(self) -> str:
        """'Q3 2026', 'Mar 2026', 'W12 2026', '2026': for a chart's axis."""
        if self.per == "month":
            return f"{_MONTHS[self.start.month - 1][:3]} {self.start.year}"
        if self.per == "week":
            return f"W{self.start.isocalendar().week} {self.start.isocalendar().year}"
        return self.label


_LABELS = {
    "week": lambda p: f"Week {p.start.isocalendar().week}, {p.start.isocalendar().year}",
    "month": lambda p: f"{_MONTHS[p.start.month - 1]} {p.start.year}",
    "quarter": lambda p: f"Q{(p.start.month - 1) // 3 + 1} {p.start.year}",
    "year": lambda p: str(p.start.year),
}


def _week(day: date) -> tuple[date, date]:
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def _month(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    following = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
    return start, following - _DAY


def _quarter(day: date) -> tuple[date, date]:
    first = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first, 1)
    following = date(day.year + 1, 1, 1) if first == 10 else date(day.year, first + 3, 1)
    return start, following - _DAY


def _year(day: date) -> tuple[date, date]:
    return date(day.year, 1, 1), date(day.year, 12, 31)


_BOUNDS = {"week": _week, "month": _month, "quarter": _quarter, "year": _year}


def period_of(day: date, per: str) -> Period:
    """The period of kind `per` that `day` falls in."""
    start, end = _BOUNDS[per](day)
    return Period(start, end, per)


def periods_to(day: date, per: str, count: int) -> tuple[Period, ...]:
    """The `count` periods ending with the one `day` falls in, oldest first."""
    found = [period_of(day, per)]
    while len(found) < count and found[-1].start > date.min + timedelta(days=400):
        found.append(period_of(found[-1].start - _DAY, per))
    return tuple(reversed(found))


# --- versions and what they ask -----------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """A stretch of days with one version of a commitment in effect."""

    start: date
    end: date  # the last day, included (date.max while no later version takes over)
    version: str
    target: Target
    roles: frozenset[str]
    in_force: bool


def stages(versions: Iterable[Policy]) -> tuple[Stage, ...]:
    """The stretches of a commitment's life, from its published versions: each begins on an
    `effective` date, with the newest version effective by then."""
    published = [v for v in versions if v.status in PUBLISHED and v.target is not None]
    starts = sorted({v.effective for v in published})
    found: list[Stage] = []
    for index, start in enumerate(starts):
        version = in_effect_on(published, start)
        assert version is not None and version.target is not None
        end = date.fromisoformat(starts[index + 1]) - _DAY if index + 1 < len(starts) else date.max
        found.append(Stage(date.fromisoformat(start), end, version.version, version.target, frozenset(version.roles), version.status in IN_FORCE))
    return tuple(found)


@dataclass(frozen=True)
class Member:
    """Whom an amount is due from: the roles held, and when (None: all along)."""

    roles: frozenset[str]
    joined: date | None = None
    left: date | None = None


def member_of(leader: Leader) -> Member:
    return Member(frozenset(leader.roles), leader.joined, leader.left)


def due(timeline: Sequence[Stage], member: Member, start: date, end: date) -> Fraction:
    """The units due from `member` over the days `start`..`end` (both included): for each day,
    the target of the version in effect ÷ the days of that target's period, on the days the
    member held a role the version binds."""
    total = Fraction(0)
    low = max(start, member.joined or date.min)
    high = min(end, member.left or date.max)
    for stage in timeline:
        if not stage.in_force or not stage.roles & member.roles:
            continue
        day, last = max(low, stage.start), min(high, stage.end)
        while day <= last:
            own = period_of(day, stage.target.per)
            until = min(last, own.end)
            total += Fraction(stage.target.count * ((until - day).days + 1), own.days)
            day = until + _DAY
    return total


def whole(amount: Fraction) -> int:
    """An amount in whole units, rounded half up: a period's target."""
    return math.floor(amount + Fraction(1, 2))


# --- the scorecard ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """One leader's (or role's, or everyone's) period: the target, what was done by the
    as-of day, what is lined up for the rest of the period, and what that makes it."""

    period: Period
    target: int
    done: int
    planned: int
    #: the whole units due by the as-of day: the target itself once the period is over
    due_by_now: int
    status: Status


def status_of(*, target: int, done: int, planned: int, due_by_now: int, over: bool) -> Status:
    """Met (the target reached), no records (nothing done or lined up), behind (a period
    over, short of its target; or less done than is due by now), else on track."""
    if done >= target and (target or done):
        return "met"
    if not done and not planned:
        return "no-records"
    if over or done < due_by_now:
        return "behind"
    return "on-track"


@dataclass(frozen=True)
class Line:
    """One row of a commitment's scorecard: a leader, a role, or everyone bound together."""

    kind: Literal["leader", "role", "all"]
    id: str
    name: str
    #: one per period shown, oldest first; None where nothing was due and nothing recorded
    tallies: tuple[Tally | None, ...]
    #: units lined up after the current period
    later: int = 0
    #: what a reader should know about the row ('joined 1 July 2026')
    note: str = ""

    @property
    def current(self) -> Tally | None:
        return self.tallies[-1] if self.tallies else None


@dataclass(frozen=True)
class Change:
    """A new version changed the target within the periods shown."""

    day: date
    version: str
    before: Target
    after: Target


@dataclass(frozen=True)
class Card:
    """Everything the scorecard says about one commitment."""

    policy: Policy
    #: the target of the version in effect on the as-of day (else of the first to come)
    target: Target
    #: the periods shown, oldest first; the last is the one the as-of day falls in
    periods: tuple[Period, ...]
    total: Line
    roles: tuple[Line, ...]
    #: one per leader bound, in the roster's order; empty when only totals are shown
    leaders: tuple[Line, ...]
    changes: tuple[Change, ...] = ()
    #: the day it takes effect, when that is after the as-of day
    starts: date | None = None

    @property
    def id(self) -> str:
        return self.policy.id

    @property
    def current(self) -> Period | None:
        return self.periods[-1] if self.periods else None


@dataclass(frozen=True)
class Scorecard:
    as_of: date
    names: Names
    cards: tuple[Card, ...]

    def card(self, policy_id: str) -> Card | None:
        return next((card for card in self.cards if card.id == policy_id), None)

    def counts(self) -> dict[Status, int]:
        """How the rows of the current periods stand: leaders' rows when names are shown,
        else roles' rows."""
        found: dict[Status, int] = dict.fromkeys(STATUS_LABELS, 0)
        for card in self.cards:
            for line in card.leaders if self.names == "named" else card.roles:
                if line.current is not None:
                    found[line.current.status] += 1
        return found


def roll_up(
    records: Iterable[Record],
    versions: Mapping[str, Sequence[Policy]],
    settings: Settings,
    *,
    as_of: date,
    periods: int | None = None,
    names: Names | None = None,
) -> Scorecard:
    """The scorecard on `as_of`: for each leader commitment in force (or coming) that has a
    published version in `versions` (by id, any order, the file as it is now among them),
    the last `periods` periods of its target (the setting, unless given), per leader (unless
    only totals are shown), per role and for everyone bound."""
    count = periods or settings.scorecard_periods
    shown: Names = names or settings.scorecard_names
    by_commitment: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_commitment[record.commitment].append(record)
    cards = []
    for policy_id in sorted(versions):
        found = versions[policy_id]
        if not found:
            continue
        latest = max(found, key=lambda p: version_key(p.version))
        timeline = stages(found)
        if latest.kind != "leader-commitment" or latest.status not in IN_FORCE or not timeline:
            continue
        cards.append(_card(latest, timeline, by_commitment.get(policy_id, []), settings, as_of=as_of, count=count, names=shown))
    return Scorecard(as_of, shown, tuple(cards))


def _card(policy: Policy, timeline: tuple[Stage, ...], records: list[Record], settings: Settings, *, as_of: date, count: int, names: Names) -> Card:
    now = next((s for s in timeline if s.start <= as_of <= s.end), None)
    grid = now or timeline[0]
    window = tuple(p for p in periods_to(as_of, grid.target.per, count) if p.end >= timeline[0].start) if timeline[0].start <= as_of else ()
    changes = tuple(
        Change(after.start, after.version, before.target, after.target)
        for before, after in itertools.pairwise(timeline)
        if window and window[0].start <= after.start <= as_of and before.target != after.target
    )
    tally = _Tallies(timeline, window, as_of, records)
    bound = frozenset(role for s in timeline if s.in_force and (not window or s.end >= window[0].start) for role in s.roles)
    leaders = [leader for leader in settings.leaders if bound & set(leader.roles)]
    leader_lines = [tally.line("leader", leader.id, leader.name, [member_of(leader)], [leader.id], note=_joined_left(leader)) for leader in leaders]
    role_lines = []
    alone = []
    for role in (r for r in settings.role_ids if r in bound):
        holders = [leader for leader in leaders if role in leader.roles]
        if holders:
            role_lines.append(tally.line("role", role, settings.label(role), [member_of(h) for h in holders], [*(h.id for h in holders), role]))
        else:
            alone.append(role)
            note = "no one in the roster holds this role, so it is measured as one person"
            role_lines.append(tally.line("role", role, settings.label(role), [Member(frozenset({role}))], [role], note=note))
    everyone = [member_of(leader) for leader in leaders] + [Member(frozenset({role})) for role in alone]
    total = tally.line("all", "", "Everyone bound", everyone, [*(leader.id for leader in leaders), *(r for r in settings.role_ids if r in bound)])
    shown_leaders = tuple(line for line in leader_lines if any(line.tallies) or line.later) if names == "named" else ()
    return Card(policy, grid.target, window, total, tuple(role_lines), shown_leaders, changes, grid.start if grid.start > as_of else None)


def _joined_left(leader: Leader) -> str:
    parts = [f"joined {_spoken(leader.joined)}" if leader.joined else "", f"left {_spoken(leader.left)}" if leader.left else ""]
    return ", ".join(part for part in parts if part)


def _spoken(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


class _Tallies:
    """The sums for one commitment: records bucketed by who and period once, amounts due
    worked out once per kind of member (most leaders share one)."""

    def __init__(self, timeline: tuple[Stage, ...], window: tuple[Period, ...], as_of: date, records: list[Record]) -> None:
        self.timeline, self.window, self.as_of = timeline, window, as_of
        starts = [p.start for p in window]
        end = window[-1].end if window else as_of
        self.done: dict[str, list[int]] = defaultdict(lambda: [0] * len(window))
        self.planned: dict[str, int] = defaultdict(int)
        self.later: dict[str, int] = defaultdict(int)
        first = window[0].start if window else date.max
        for record in records:
            if record.day > as_of:
                if record.day <= end and window:
                    self.planned[record.who] += record.count
                else:
                    self.later[record.who] += record.count
            elif record.day >= first:
                self.done[record.who][bisect.bisect_right(starts, record.day) - 1] += record.count
        self._due: dict[Member, list[tuple[int, int]]] = {}

    def targets(self, member: Member) -> list[tuple[int, int]]:
        """(target, due by now) for each period, for one member."""
        known = self._due.get(member)
        if known is None:
            known = []
            for period in self.window:
                target = whole(due(self.timeline, member, period.start, period.end))
                over = period.end <= self.as_of or (member.left is not None and member.left < self.as_of)
                by_now = target if over else math.floor(due(self.timeline, member, period.start, self.as_of))
                known.append((target, by_now))
            self._due[member] = known
        return known

    def line(self, kind: Literal["leader", "role", "all"], ident: str, name: str, members: list[Member], who: list[str], *, note: str = "") -> Line:
        sums = [[0, 0] for _ in self.window]
        for member in members:
            for index, (target, by_now) in enumerate(self.targets(member)):
                sums[index][0] += target
                sums[index][1] += by_now
        tallies: list[Tally | None] = []
        gone = bool(members) and all(m.left is not None and m.left < self.as_of for m in members)  # nothing more can be done
        for index, period in enumerate(self.window):
            done = sum(self.done[w][index] for w in who if w in self.done)
            planned = sum(self.planned.get(w, 0) for w in who) if index == len(self.window) - 1 else 0
            target, by_now = sums[index]
            if not target and not done and not planned:
                tallies.append(None)
                continue
            status = status_of(target=target, done=done, planned=planned, due_by_now=by_now, over=period.end < self.as_of or gone)
            tallies.append(Tally(period, target, done, planned, by_now, status))
        later = sum(self.later.get(w, 0) for w in who)
        return Line(kind, ident, name, tuple(tallies), later, note)
