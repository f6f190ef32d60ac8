"""A typed, read-only view of valid policies, so rendering and diffing never touch raw YAML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["must", "should", "may"]
LEVELS: tuple[Level, ...] = ("must", "should", "may")
ROLES = ("everyone", "frontline", "manager", "executive", "support-functions")
#: How a role describes a leader commitment's activity ('executive customer visits').
ROLE_ADJECTIVES = {"manager": "manager", "executive": "executive"}
#: What readers call each role.
ROLE_LABELS = {
    "everyone": "Everyone",
    "frontline": "Front-line staff",
    "manager": "Managers",
    "executive": "Executives",
    "support-functions": "Support functions",
}
#: What readers call each unit of a response time, for one and for several ("1 business day").
UNIT_WORDS = {
    "seconds": ("second", "seconds"),
    "minutes": ("minute", "minutes"),
    "hours": ("hour", "hours"),
    "business-hours": ("business hour", "business hours"),
    "days": ("day", "days"),
    "business-days": ("business day", "business days"),
    "rings": ("ring", "rings"),
}
#: Periods per year, to compare leader targets given per week, month, quarter or year.
PER_YEAR = {"week": 52, "month": 12, "quarter": 4, "year": 1}


@dataclass(frozen=True)
class Statement:
    id: str
    level: Level
    text: str
    audience: tuple[str, ...]
    #: True when the statement names its own audience instead of inheriting the policy's
    own_audience: bool = False


@dataclass(frozen=True)
class Reference:
    title: str
    author: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ChangelogEntry:
    version: str
    date: str
    summary: str
    #: why a reword in this version that looks like it changes a rule does not
    clarification: str | None = None


@dataclass(frozen=True)
class Phrase:
    text: str
    why: str
    instead: str | None = None


@dataclass(frozen=True)
class ResponseStandard:
    channel: str
    measure: str
    value: float
    unit: str
    share: float | None = None


def amount(value: float, unit: str) -> str:
    """'1 business day', '30 seconds', '1.5 hours': the unit in the singular only for exactly one."""
    one, many = UNIT_WORDS.get(unit, (unit.replace("-", " "), unit.replace("-", " ")))
    return f"{value:g} {one if value == 1 else many}"


@dataclass(frozen=True)
class Target:
    activity: str
    count: int
    unit: str
    per: str

    @property
    def per_year(self) -> int:
        return self.count * PER_YEAR[self.per]

    def __str__(self) -> str:
        """'2 visits per quarter', '1 visit per month'."""
        unit = self.unit[:-1] if self.count == 1 and self.unit.endswith("s") else self.unit
        return f"{self.count} {unit} per {self.per}"


@dataclass(frozen=True)
class Policy:
    """One valid policy; kind-specific parts are empty tuples / None for other kinds."""

    id: str
    kind: str
    title: str
    version: str
    status: str
    owner: str
    effective: str
    review_by: str
    audience: tuple[str, ...]
    summary: str
    statements: tuple[Statement, ...]
    rationale: str
    changelog: tuple[ChangelogEntry, ...]
    source: str
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = ()
    superseded_by: str | None = None
    no_replacement_reason: str | None = None
    references: tuple[Reference, ...] = ()
    # golden-rule
    do: tuple[str, ...] = ()
    dont: tuple[str, ...] = ()
    leaders_model_it: tuple[str, ...] = ()
    # service-expectation
    situations: tuple[str, ...] = ()
    phrases_use: tuple[Phrase, ...] = ()
    phrases_avoid: tuple[Phrase, ...] = ()
    addressing_customers: tuple[str, ...] = ()
    answering_questions: tuple[str, ...] = ()
    response_standards: tuple[ResponseStandard, ...] = ()
    # leader-commitment
    roles: tuple[str, ...] = ()
    target: Target | None = None
    measured_by: str | None = None
    evidence: tuple[str, ...] = ()
    #: the validated data as read, for machine-readable output
    data: Any = None

    @property
    def in_force(self) -> bool:
        return self.status in ("active", "deprecated")

    def applies_to(self, role: str) -> tuple[Statement, ...]:
        """Statements that bind `role`: those whose audience names it or names everyone."""
        return tuple(s for s in self.statements if role in s.audience or "everyone" in s.audience)


def policy_from_data(data: dict[str, Any], *, source: str) -> Policy:
    """Build a `Policy` from schema-valid data."""
    audience = tuple(data["audience"])
    behaviours = data.get("behaviours", {})
    phrases = data.get("phrases", {})
    target = data.get("target")
    return Policy(
        id=data["id"],
        kind=data["kind"],
        title=data["title"],
        version=data["version"],
        status=data["status"],
        owner=data["owner"],
        effective=data["effective"],
        review_by=data["review_by"],
        audience=audience,
        summary=data["summary"],
        statements=tuple(
            Statement(s["id"], s["level"], s["text"], tuple(s.get("audience", audience)), "audience" in s) for s in data["statements"]
        ),
        rationale=data["rationale"],
        changelog=tuple(ChangelogEntry(c["version"], c["date"], c["summary"], c.get("clarification")) for c in data["changelog"]),
        source=source,
        tags=tuple(data.get("tags", ())),
        related=tuple(data.get("related", ())),
        supersedes=tuple(data.get("supersedes", ())),
        superseded_by=data.get("superseded_by"),
        no_replacement_reason=data.get("no_replacement_reason"),
        references=tuple(Reference(**r) for r in data.get("references", ())),
        do=tuple(behaviours.get("do", ())),
        dont=tuple(behaviours.get("dont", ())),
        leaders_model_it=tuple(data.get("leaders_model_it", ())),
        situations=tuple(data.get("situations", ())),
        phrases_use=tuple(Phrase(**p) for p in phrases.get("use", ())),
        phrases_avoid=tuple(Phrase(**p) for p in phrases.get("avoid", ())),
        addressing_customers=tuple(data.get("addressing_customers", ())),
        answering_questions=tuple(data.get("answering_questions", ())),
        response_standards=tuple(
            ResponseStandard(r["channel"], r["measure"], r["target"]["value"], r["target"]["unit"], r.get("share"))
            for r in data.get("response_standards", ())
        ),
        roles=tuple(data.get("roles", ())),
        target=Target(target["activity"], int(target["count"]), target["unit"], target["per"]) if target else None,
        measured_by=data.get("measured_by"),
        evidence=tuple(data.get("evidence", ())),
        data=data,
    )


def version_key(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch
