"""Comparing two sets of policies, and the semantic-version rules for what a change needs.

Pure: policies in, a `Review` out. Each change is a sentence a leader can read ("S2 is
now a should instead of a must: it becomes expected rather than required") with the
version raise it needs:

- major: something employees relied on is taken away or weakened (a statement removed,
  a level weakened, the audience narrowed, a target lowered or loosened, a phrase
  moved from avoid to use, an item removed from a list, the policy deprecated or retired);
- minor: something is added or strengthened;
- patch: the words change but the meaning does not.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

from .model import LEVELS, ROLE_ADJECTIVES, ROLE_LABELS, ROLES, Policy, ResponseStandard, Statement, version_key
from .problems import Problem
from .validate import id_from_file_name

Bump = Literal["none", "patch", "minor", "major"]
BUMPS: tuple[Bump, ...] = ("none", "patch", "minor", "major")
#: Seconds in each comparable response-time unit; business hours and rings compare only with themselves.
_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_MEANING = {
    ("must", "should"): "it becomes expected rather than required",
    ("must", "may"): "it becomes optional",
    ("should", "may"): "it becomes optional rather than expected",
    ("may", "should"): "it becomes expected rather than optional",
    ("may", "must"): "it becomes required",
    ("should", "must"): "it becomes required rather than expected",
}
_GONE = {"must": "employees no longer have to do this", "should": "this is no longer expected", "may": "this is no longer offered as an option"}
_LISTS = {
    "do": "Things to do",
    "dont": "Things not to do",
    "leaders_model_it": "How leaders model it",
    "situations": "Situations covered",
    "addressing_customers": "Addressing customers",
    "answering_questions": "Answering questions",
    "evidence": "What counts as evidence",
}
_WORDING = {
    "title": "Title",
    "owner": "Owner",
    "summary": "Summary",
    "rationale": "Why (rationale)",
    "references": "Sources",
    "tags": "Tags",
    "related": "Related policies",
    "effective": "Effective date",
    "review_by": "Review date",
    "measured_by": "How it is measured",
    "supersedes": "Policies it replaces",
    "superseded_by": "Replacement",
    "no_replacement_reason": "Reason there is no replacement",
}


def bump_max(bumps: Iterable[Bump]) -> Bump:
    return max(bumps, key=BUMPS.index, default="none")


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a policy, in plain words, and the raise it needs."""

    bump: Bump
    text: str
    statement: str | None = None


@dataclass(frozen=True)
class PolicyReview:
    """What happened to one policy between the two sides, and whether its version says so."""

    id: str
    title: str
    kind: Literal["added", "removed", "changed"]
    source: str
    before: str | None
    after: str | None
    changes: tuple[Change, ...] = ()
    required: Bump = "none"
    declared: Bump | Literal["lower"] = "none"
    changelog: str | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Review:
    policies: tuple[PolicyReview, ...]
    #: notes about the comparison itself, such as a base file that could not be read
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.policies)

    def count(self, kind: str) -> int:
        return sum(1 for p in self.policies if p.kind == kind)


def declared_bump(before: str, after: str) -> Bump | Literal["lower"]:
    old, new = version_key(before), version_key(after)
    if new < old:
        return "lower"
    if new[0] > old[0]:
        return "major"
    if new[1] > old[1]:
        return "minor"
    return "patch" if new[2] > old[2] else "none"


def next_version(version: str, bump: Bump) -> str:
    major, minor, patch = version_key(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}" if bump == "patch" else version


def compare(base: Sequence[Policy], head: Sequence[Policy], *, unreadable_before: Sequence[Problem] = ()) -> Review:
    """Every policy added, removed or changed from `base` to `head`, checked against the rules.

    `unreadable_before` are problems that kept base files out of `base`; their policies
    are compared as new, without the rule for a new policy's first version.
    """
    old = {p.id: p for p in base}
    new = {p.id: p for p in head}
    unknown = {id_from_file_name(PurePosixPath(p.file)) for p in unreadable_before}
    reviews = [_added(new[i], first_seen=i not in unknown) for i in sorted(new.keys() - old.keys())]
    reviews += [_removed(old[i]) for i in sorted(old.keys() - new.keys())]
    for pid in sorted(old.keys() & new.keys()):
        review = _changed(old[pid], new[pid])
        if review is not None:
            reviews.append(review)
    notes = tuple(f"At the base revision, {p.file} could not be read ({p.message}); it is compared as a new policy." for p in unreadable_before)
    return Review(tuple(sorted(reviews, key=lambda r: r.id)), notes)


def _added(policy: Policy, *, first_seen: bool = True) -> PolicyReview:
    problems = []
    first = "0.x.y or 1.0.0" if policy.status in ("draft", "proposed") else "1.0.0"
    if first_seen and ((policy.status not in ("draft", "proposed") and policy.version != "1.0.0") or version_key(policy.version) > (1, 0, 0)):
        problems.append(f"a new policy starts at version {first}, but this one is {policy.version}")
    entry = policy.changelog[0] if policy.changelog else None
    return PolicyReview(
        policy.id, policy.title, "added", policy.source, None, policy.version,
        (Change("minor", f"**New policy** ({policy.status}), for {_roles(policy.audience)}: {_quote(policy.summary)}"),),
        "none", "none", _entry(entry), tuple(problems),
    )  # fmt: skip


def _removed(policy: Policy) -> PolicyReview:
    problems = []
    if policy.status not in ("draft", "proposed"):
        problems.append("the file was deleted; a published policy keeps its page so links to it work: set 'status: retired' (with 'superseded_by' or 'no_replacement_reason') instead")
    text = f"**Policy removed** (it was {policy.status})"
    return PolicyReview(policy.id, policy.title, "removed", policy.source, policy.version, None, (Change("major", text),), "major", "none", None, tuple(problems))


def _changed(old: Policy, new: Policy) -> PolicyReview | None:
    changes = [*_status(old, new), *_audience(old, new), *_statements(old, new), *_lists(old, new), *_phrases(old, new), *_responses(old, new), *_target(old, new), *_wording(old, new)]
    if not changes and old.version == new.version:
        return None
    required = bump_max(c.bump for c in changes)
    if new.status in ("draft", "proposed") and old.status in ("draft", "proposed") and required != "none":
        required = "patch"  # drafts change freely; any raise will do until published
    declared = declared_bump(old.version, new.version)
    problems = []
    if declared == "lower":
        problems.append(f"the version went down from {old.version} to {new.version}; versions only go up")
    elif BUMPS.index(declared) < BUMPS.index(required):
        problems.append(f"this change needs a {required} version raise, but the version {'did not change' if declared == 'none' else f'has only a {declared} raise'}: set 'version' to {next_version(old.version, required)}")
    elif (declared == "major" and version_key(new.version)[1:] != (0, 0)) or (declared == "minor" and version_key(new.version)[2] != 0):
        problems.append(f"when raising the {declared} number, set the numbers after it to 0: {next_version(old.version, declared)}")
    kept = new.changelog[len(new.changelog) - len(old.changelog) :] if len(new.changelog) >= len(old.changelog) else ()
    if tuple(kept) != old.changelog:
        problems.append("earlier changelog entries were changed or removed; keep them as they were and add the new entry at the top")
    entry = next((e for e in new.changelog if e.version == new.version), None)
    if new.version != old.version and (entry is None or any(e.version == new.version for e in old.changelog)):
        problems.append(f"add a changelog entry for {new.version} at the top of 'changelog' saying what changes for employees")
        entry = None
    return PolicyReview(new.id, new.title, "changed", new.source, old.version, new.version, tuple(changes), required, declared, _entry(entry) if new.version != old.version else None, tuple(problems))


def _entry(entry: Any) -> str | None:
    return f"{entry.version} ({entry.date}): {_quote(entry.summary)}" if entry else None


# --- the rules, one family at a time -------------------------------------------------


def _status(old: Policy, new: Policy) -> Iterable[Change]:
    if old.status == new.status:
        return
    meaning = {
        "active": "it is now in force",
        "deprecated": "it still applies but is being phased out",
        "retired": "it no longer applies",
        "draft": "it no longer applies; it is back to a draft",
        "proposed": "it no longer applies; it is a proposal again",
    }[new.status]
    drafting = {old.status, new.status} <= {"draft", "proposed"}
    yield Change("patch" if drafting else "major", f"**Status**: {old.status} → {new.status}: {meaning}")


def _expand(roles: Iterable[str]) -> set[str]:
    roles = set(roles)
    return set(ROLES) - {"everyone"} if "everyone" in roles else roles


def _roles(roles: Iterable[str]) -> str:
    names = [ROLE_LABELS.get(r, r) for r in roles] or ["nobody"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _reach(label: str, old: Iterable[str], new: Iterable[str]) -> Iterable[Change]:
    before, after = _expand(old), _expand(new)
    if before == after:
        return
    order = ROLES.index
    lost, gained = sorted(before - after, key=order), sorted(after - before, key=order)
    shown = f"now {_roles(sorted(new, key=order))} (before: {_roles(sorted(old, key=order))})"
    if lost:
        yield Change("major", f"**{label} narrowed**: {shown}; {_roles(lost)} no longer covered")
    if gained:
        yield Change("minor", f"**{label} widened**: {shown}; it now also covers {_roles(gained)}")


def _audience(old: Policy, new: Policy) -> Iterable[Change]:
    yield from _reach("Audience", old.audience, new.audience)
    yield from _reach("Leaders bound", old.roles, new.roles)


def _statements(old: Policy, new: Policy) -> Iterable[Change]:
    before = {s.id: s for s in old.statements}
    after = {s.id: s for s in new.statements}
    for sid, statement in before.items():
        if sid not in after:
            yield Change("major", f"**{sid} removed** ({statement.level}): {_quote(statement.text)} — {_GONE[statement.level]}", sid)
    for sid, statement in after.items():
        if sid not in before:
            yield Change("minor", f"**New {sid}** ({statement.level}): {_quote(statement.text)}", sid)
            continue
        yield from _statement(before[sid], statement)


def _statement(old: Statement, new: Statement) -> Iterable[Change]:
    sid = new.id
    if old.level != new.level:
        stronger = LEVELS.index(new.level) < LEVELS.index(old.level)
        yield Change("minor" if stronger else "major", f"**{sid}** ({_quote(new.text, 80)}) is now a *{new.level}* instead of a *{old.level}*: {_MEANING[(old.level, new.level)]}", sid)
    if old.text != new.text:
        yield Change("patch", f"**{sid}** reworded: {word_diff(old.text, new.text)}", sid)
    for change in _reach(f"{sid} audience", old.audience, new.audience):
        yield Change(change.bump, change.text, sid)


def _pair_rewordings(before: Sequence[str], after: Sequence[str]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Items only before, only after, and (before, after) pairs that look like the same item reworded."""
    removed = [item for item in before if item not in after]
    added = [item for item in after if item not in before]
    pairs = []
    for item in list(removed):
        best = max(added, key=lambda other: difflib.SequenceMatcher(None, item, other).ratio(), default=None)
        if best is not None and difflib.SequenceMatcher(None, item, best).ratio() >= 0.6:
            pairs.append((item, best))
            removed.remove(item)
            added.remove(best)
    return removed, added, pairs


def _lists(old: Policy, new: Policy) -> Iterable[Change]:
    for name, label in _LISTS.items():
        removed, added, pairs = _pair_rewordings(getattr(old, name), getattr(new, name))
        for item in removed:
            yield Change("major", f"**{label}**: removed {_quote(item)}")
        for item in added:
            yield Change("minor", f"**{label}**: added {_quote(item)}")
        for before, after in pairs:
            yield Change("patch", f"**{label}**: reworded {word_diff(before, after)}")


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!?")


def _phrases(old: Policy, new: Policy) -> Iterable[Change]:
    old_use, old_avoid = ({_norm(p.text): p for p in side} for side in (old.phrases_use, old.phrases_avoid))
    new_use, new_avoid = ({_norm(p.text): p for p in side} for side in (new.phrases_use, new.phrases_avoid))
    for key, phrase in new_use.items():
        if key in old_avoid:
            yield Change("major", f"**Phrase moved from avoid to use**: {_quote(phrase.text)} — employees may now say it")
        elif key not in old_use:
            yield Change("minor", f"**Phrase to use added**: {_quote(phrase.text)}")
    for key, phrase in new_avoid.items():
        if key in old_use:
            yield Change("minor", f"**Phrase moved from use to avoid**: {_quote(phrase.text)} — employees should no longer say it")
        elif key not in old_avoid:
            yield Change("minor", f"**Phrase to avoid added**: {_quote(phrase.text)}")
    for key, phrase in old_avoid.items():
        if key not in new_avoid and key not in new_use:
            yield Change("major", f"**Phrase no longer avoided**: {_quote(phrase.text)} — employees may now say it")
    for key, phrase in old_use.items():
        if key not in new_use and key not in new_avoid:
            yield Change("minor", f"**Phrase to use removed**: {_quote(phrase.text)}")
    for side, before, after in (("use", old_use, new_use), ("avoid", old_avoid, new_avoid)):
        for key in before.keys() & after.keys():
            if (before[key].text, before[key].why, before[key].instead) != (after[key].text, after[key].why, after[key].instead):
                yield Change("patch", f"**Phrase to {side}** {_quote(after[key].text)}: wording of the phrase or its reason changed")


def _standard(r: ResponseStandard) -> str:
    within = f"within {r.value:g} {r.unit.replace('-', ' ')}"
    return within + (f" for {r.share:g}% of contacts" if r.share else " for every contact")


def _responses(old: Policy, new: Policy) -> Iterable[Change]:
    before = {(r.channel, _norm(r.measure)): r for r in old.response_standards}
    after = {(r.channel, _norm(r.measure)): r for r in new.response_standards}
    for key, r in before.items():
        if key not in after:
            yield Change("major", f"**Response standard removed**: {r.channel} — {html.escape(r.measure)}, {_standard(r)}")
    for key, r in after.items():
        if key not in before:
            yield Change("minor", f"**Response standard added**: {r.channel} — {html.escape(r.measure)}, {_standard(r)}")
            continue
        was = before[key]
        if (was.value, was.unit, was.share) == (r.value, r.unit, r.share):
            continue
        label = f"**{r.channel.replace('-', ' ').capitalize()} — {html.escape(r.measure)}**: {_standard(was)} → {_standard(r)}"
        looser, tighter = _response_direction(was, r)
        if looser:
            yield Change("major", f"{label} (loosened)")
        elif tighter:
            yield Change("minor", f"{label} (tightened)")
        else:
            yield Change("patch", f"{label} (the same standard, written differently)")


def _response_direction(old: ResponseStandard, new: ResponseStandard) -> tuple[bool, bool]:
    if old.unit == new.unit:
        slower, faster = new.value > old.value, new.value < old.value
    elif old.unit in _SECONDS and new.unit in _SECONDS:
        a, b = old.value * _SECONDS[old.unit], new.value * _SECONDS[new.unit]
        slower, faster = b > a, b < a
    else:
        return True, False  # units that cannot be compared: a reviewer must look, as for a loosening
    fewer, more = (new.share or 100) < (old.share or 100), (new.share or 100) > (old.share or 100)
    return slower or fewer, (faster or more) and not (slower or fewer)


def _target(old: Policy, new: Policy) -> Iterable[Change]:
    if old.target is None or new.target is None or old.target == new.target:
        return
    a, b = old.target, new.target
    who = " and ".join(ROLE_ADJECTIVES.get(r, r) for r in new.roles)
    label = f"**{html.escape((who + ' ' + b.activity).strip().capitalize())}**: {a} → {b}"
    if a.unit != b.unit:
        yield Change("major", f"{label} (what is counted changed from {a.unit} to {b.unit})")
    elif b.per_year < a.per_year:
        yield Change("major", f"{label} ({a.per_year} → {b.per_year} a year: lowered)")
    elif b.per_year > a.per_year:
        yield Change("minor", f"{label} ({a.per_year} → {b.per_year} a year: raised)")
    else:
        yield Change("patch", f"{label} (the same {a.per_year} a year)")


def _wording(old: Policy, new: Policy) -> Iterable[Change]:
    for name, label in _WORDING.items():
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if isinstance(before, str) and isinstance(after, str) and name in ("summary", "rationale", "measured_by", "no_replacement_reason"):
            yield Change("patch", f"**{label}** reworded: {word_diff(before, after)}")
        elif isinstance(before, str) and isinstance(after, str):
            yield Change("patch", f"**{label}**: {html.escape(before)} → {html.escape(after)}")
        else:
            yield Change("patch", f"**{label}** changed")


# --- presenting text ----------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> str:
    """A word-level diff as HTML that code hosts render: <del>removed</del> <ins>added</ins>."""
    a, b = _TOKENS.findall(" ".join(before.split())), _TOKENS.findall(" ".join(after.split()))
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
    return "“" + "".join(out) + "”"


def _quote(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return "“" + html.escape(flat if len(flat) <= limit else flat[: limit - 1] + "…") + "”"
