"""A typed, read-only view of valid policies, so rendering and diffing never touch raw YAML."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from . import vocabulary as _vocabulary
from .vocabulary import EVERYONE, IN_FORCE, Level

#: The levels, strongest first, and the periods of a target with how many make a year: see `vocabulary`.
LEVELS = _vocabulary.LEVELS
PER_YEAR = _vocabulary.PERIODS


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
    #: the channels the phrase applies to; empty: every channel
    channels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResponseStandard:
    channel: str
    measure: str
    value: float
    unit: str
    share: float | None = None


def unit_words(unit: str, count: float) -> str:
    """'business hour' for one, 'business hours' for any other number: units are written in
    the plural in the schemas, with hyphens between words."""
    words = unit.replace("-", " ")
    return words[:-1] if count == 1 and words.endswith("s") else words


def amount(value: float, unit: str) -> str:
    """'1 business day', '30 seconds', '1.5 hours': the unit in the singular only for exactly one."""
    return f"{value:g} {unit_words(unit, value)}"


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
        return f"{self.count} {unit_words(self.unit, self.count)} per {self.per}"


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
        return self.status in IN_FORCE

    def applies_to(self, roles: Collection[str]) -> tuple[Statement, ...]:
        """Statements that bind someone whose rules are those of `roles` (a role and the roles
        whose rules also apply to it): those whose audience names one of them, or everyone."""
        return tuple(s for s in self.statements if EVERYONE in s.audience or any(role in s.audience for role in roles))


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
        phrases_use=tuple(_phrase(p) for p in phrases.get("use", ())),
        phrases_avoid=tuple(_phrase(p) for p in phrases.get("avoid", ())),
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


def _phrase(data: dict[str, Any]) -> Phrase:
    return Phrase(data["text"], data["why"], data.get("instead"), tuple(data.get("channels", ())))


def version_key(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch
