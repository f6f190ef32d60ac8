"""Comparing two sets of policies, and the semantic-version rules for what a change needs.

Pure: the policies (and the errors) of two revisions in, a `Review` of structured facts
out. Each `Change` says what kind of change it is, where, and the values before and
after; the raise each kind needs is one table, `BUMPS`:

- major: something employees relied on is taken away or weakened (a statement removed or
  rewritten beyond recognition, a level weakened, the audience narrowed, a target lowered
  or loosened, a phrase moved from avoid to use, an item removed from a list, the policy
  deprecated or retired);
- minor: something is added or strengthened, or a reword changes words that carry a rule
  (numbers, time limits, negations, quantifiers, conditions: see `wording`);
- patch: the words change but the meaning does not (or the changelog entry declares the
  reword a clarification).

The reporters in `report` do all the wording.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any, Literal

from .config import Settings, defaults
from .model import LEVELS, ChangelogEntry, Policy, ResponseStandard, Statement, version_key
from .problems import Problem
from .validate import id_from_file_name
from .vocabulary import DRAFTING, EVERYONE
from .wording import RuleWords, rule_words, similarity

Bump = Literal["none", "patch", "minor", "major"]
#: What the version numbers declare: a raise, a version that went down, or a new policy's first version.
Declared = Literal["none", "patch", "minor", "major", "lower", "first"]
RAISES: tuple[Bump, ...] = ("none", "patch", "minor", "major")
#: Statements or list items at least this alike (share of words in order) are the same one, reworded.
SAME_ITEM = 0.6
#: A statement less alike than this to its old self (same id) is rewritten: it reads as a new rule.
REWRITTEN = 0.4
#: Seconds in each comparable response-time unit; business hours and rings compare only with themselves.
_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_DRAFTING = DRAFTING


class ChangeKind(StrEnum):
    """Every kind of change the review knows; `BUMPS` gives the raise each needs."""

    POLICY_ADDED = "policy-added"
    POLICY_REMOVED = "policy-removed"
    STATUS_CHANGED = "status-changed"
    DRAFT_STATUS_CHANGED = "draft-status-changed"
    AUDIENCE_NARROWED = "audience-narrowed"
    AUDIENCE_WIDENED = "audience-widened"
    LEADERS_NARROWED = "leaders-narrowed"
    LEADERS_WIDENED = "leaders-widened"
    STATEMENT_REMOVED = "statement-removed"
    STATEMENT_ADDED = "statement-added"
    STATEMENT_WEAKENED = "statement-weakened"
    STATEMENT_STRENGTHENED = "statement-strengthened"
    STATEMENT_AUDIENCE_NARROWED = "statement-audience-narrowed"
    STATEMENT_AUDIENCE_WIDENED = "statement-audience-widened"
    STATEMENT_REWRITTEN = "statement-rewritten"
    STATEMENT_RULE_REWORDED = "statement-rule-reworded"
    STATEMENT_CLARIFIED = "statement-clarified"
    STATEMENT_REWORDED = "statement-reworded"
    STATEMENTS_RENUMBERED = "statements-renumbered"
    STATEMENTS_REORDERED = "statements-reordered"
    ITEM_REMOVED = "item-removed"
    ITEM_ADDED = "item-added"
    ITEM_RULE_REWORDED = "item-rule-reworded"
    ITEM_CLARIFIED = "item-clarified"
    ITEM_REWORDED = "item-reworded"
    PHRASE_ALLOWED = "phrase-allowed"
    PHRASE_NO_LONGER_AVOIDED = "phrase-no-longer-avoided"
    PHRASE_DISCOURAGED = "phrase-discouraged"
    PHRASE_TO_USE_ADDED = "phrase-to-use-added"
    PHRASE_TO_AVOID_ADDED = "phrase-to-avoid-added"
    PHRASE_TO_USE_REMOVED = "phrase-to-use-removed"
    PHRASE_REWORDED = "phrase-reworded"
    RESPONSE_STANDARD_REMOVED = "response-standard-removed"
    RESPONSE_STANDARD_ADDED = "response-standard-added"
    RESPONSE_STANDARD_LOOSENED = "response-standard-loosened"
    RESPONSE_STANDARD_UNCOMPARABLE = "response-standard-uncomparable"
    RESPONSE_STANDARD_TIGHTENED = "response-standard-tightened"
    RESPONSE_STANDARD_RESTATED = "response-standard-restated"
    TARGET_LOWERED = "target-lowered"
    TARGET_COUNTS_SOMETHING_ELSE = "target-counts-something-else"
    TARGET_RAISED = "target-raised"
    TARGET_RESTATED = "target-restated"
    TEXT_REWORDED = "text-reworded"
    FIELD_CHANGED = "field-changed"


#: The raise each kind of change needs: the versioning rules, in one place.
BUMPS: dict[ChangeKind, Bump] = {
    ChangeKind.POLICY_ADDED: "none",  # a new policy's rule is its first version, not a raise
    ChangeKind.POLICY_REMOVED: "major",
    ChangeKind.STATUS_CHANGED: "major",
    ChangeKind.DRAFT_STATUS_CHANGED: "patch",
    ChangeKind.AUDIENCE_NARROWED: "major",
    ChangeKind.AUDIENCE_WIDENED: "minor",
    ChangeKind.LEADERS_NARROWED: "major",
    ChangeKind.LEADERS_WIDENED: "minor",
    ChangeKind.STATEMENT_REMOVED: "major",
    ChangeKind.STATEMENT_ADDED: "minor",
    ChangeKind.STATEMENT_WEAKENED: "major",
    ChangeKind.STATEMENT_STRENGTHENED: "minor",
    ChangeKind.STATEMENT_AUDIENCE_NARROWED: "major",
    ChangeKind.STATEMENT_AUDIENCE_WIDENED: "minor",
    ChangeKind.STATEMENT_REWRITTEN: "major",
    ChangeKind.STATEMENT_RULE_REWORDED: "minor",
    ChangeKind.STATEMENT_CLARIFIED: "patch",
    ChangeKind.STATEMENT_REWORDED: "patch",
    ChangeKind.STATEMENTS_RENUMBERED: "patch",
    ChangeKind.STATEMENTS_REORDERED: "patch",
    ChangeKind.ITEM_REMOVED: "major",
    ChangeKind.ITEM_ADDED: "minor",
    ChangeKind.ITEM_RULE_REWORDED: "minor",
    ChangeKind.ITEM_CLARIFIED: "patch",
    ChangeKind.ITEM_REWORDED: "patch",
    ChangeKind.PHRASE_ALLOWED: "major",
    ChangeKind.PHRASE_NO_LONGER_AVOIDED: "major",
    ChangeKind.PHRASE_DISCOURAGED: "minor",
    ChangeKind.PHRASE_TO_USE_ADDED: "minor",
    ChangeKind.PHRASE_TO_AVOID_ADDED: "minor",
    ChangeKind.PHRASE_TO_USE_REMOVED: "minor",
    ChangeKind.PHRASE_REWORDED: "patch",
    ChangeKind.RESPONSE_STANDARD_REMOVED: "major",
    ChangeKind.RESPONSE_STANDARD_ADDED: "minor",
    ChangeKind.RESPONSE_STANDARD_LOOSENED: "major",
    ChangeKind.RESPONSE_STANDARD_UNCOMPARABLE: "major",
    ChangeKind.RESPONSE_STANDARD_TIGHTENED: "minor",
    ChangeKind.RESPONSE_STANDARD_RESTATED: "patch",
    ChangeKind.TARGET_LOWERED: "major",
    ChangeKind.TARGET_COUNTS_SOMETHING_ELSE: "major",
    ChangeKind.TARGET_RAISED: "minor",
    ChangeKind.TARGET_RESTATED: "patch",
    ChangeKind.TEXT_REWORDED: "patch",
    ChangeKind.FIELD_CHANGED: "patch",
}

#: The lists compared item by item (do / don't, situations, guidance, evidence).
LISTS = ("do", "dont", "leaders_model_it", "situations", "addressing_customers", "answering_questions", "evidence")
#: Free texts whose rewording is shown word by word.
TEXTS = ("summary", "rationale", "measured_by", "no_replacement_reason")
#: Other fields whose change is a patch.
FIELDS = ("title", "owner", "references", "tags", "related", "effective", "review_by", "supersedes", "superseded_by")


def bump_max(bumps: Iterable[Bump]) -> Bump:
    return max(bumps, key=RAISES.index, default="none")


@dataclass(frozen=True)
class Change:
    """One fact about how a policy changed: its kind, where, and the values before and after."""

    kind: ChangeKind
    policy: str
    #: the statement concerned, by its id now (or, when removed, its id before)
    statement: str | None = None
    #: the statement's id before, when it was renumbered
    was: str | None = None
    #: the field concerned, for lists, phrases and other fields ('dont', 'phrases.avoid', 'owner')
    field: str | None = None
    #: the values before and after: texts, levels, statuses, roles, statement ids, targets, standards
    before: Any = None
    after: Any = None
    #: the statement's level and text now, to show which statement is meant (a new policy's summary)
    level: str | None = None
    text: str | None = None
    #: roles no longer covered, or newly covered, when an audience changes
    lost: tuple[str, ...] = ()
    gained: tuple[str, ...] = ()
    #: who it is for: a new policy's audience, a target's leaders bound
    roles: tuple[str, ...] = ()
    #: in a reword: the words that carry a rule and changed
    words: RuleWords | None = None
    #: in a reword the changelog entry declares a clarification: what it says
    clarification: str | None = None

    @property
    def bump(self) -> Bump:
        return BUMPS[self.kind]


class FindingKind(StrEnum):
    """What can be wrong with the version number or the changelog of a change."""

    RAISE_TOO_SMALL = "raise-too-small"
    VERSION_LOWERED = "version-lowered"
    NUMBERS_NOT_RESET = "numbers-not-reset"
    CHANGELOG_REWRITTEN = "changelog-rewritten"
    CHANGELOG_MISSING = "changelog-missing"
    FIRST_VERSION = "first-version"
    PUBLISHED_POLICY_DELETED = "published-policy-deleted"


@dataclass(frozen=True)
class Finding:
    """Something to fix before merging: the version or changelog does not match the change."""

    kind: FindingKind
    #: the raise the change needs, and the one the versions declare
    needs: Bump = "none"
    declared: Declared = "none"
    #: the versions before and after
    before: str | None = None
    after: str | None = None
    #: the version to set
    version: str | None = None
    #: the newest changelog entry's version, when it is new and must change with 'version'
    entry: str | None = None
    #: whether the policy is a draft or proposal (which may start at 0.x)
    drafting: bool = False


ReviewKind = Literal["added", "removed", "changed", "unchanged", "unreadable"]


@dataclass(frozen=True)
class PolicyReview:
    """What happened to one policy between the two sides, and whether its version says so."""

    id: str
    title: str
    kind: ReviewKind
    source: str
    before: str | None
    after: str | None
    changes: tuple[Change, ...] = ()
    required: Bump = "none"
    #: the raise the version numbers declare
    declared: Declared = "none"
    #: the changelog entry of this change (of the new version), if there is one
    changelog: ChangelogEntry | None = None
    findings: tuple[Finding, ...] = ()
    #: errors in the file at the newer side: it is reviewed as far as it can be read
    errors: tuple[Problem, ...] = ()
    #: the policy's status at the newer side (or the older, when it is gone)
    status: str | None = None

    @property
    def ok(self) -> bool:
        return not self.findings and not self.errors


@dataclass(frozen=True)
class RoleWords:
    """The handbook's roles, as a review needs them: in the handbook's order (which also says
    who 'everyone' is), with what readers call them."""

    order: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    adjectives: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: Settings) -> RoleWords:
        return cls(settings.role_ids, {r.id: r.label for r in settings.roles}, {r.id: r.adjective for r in settings.roles})

    def label(self, role: str) -> str:
        return self.labels.get(role, role)

    def adjective(self, role: str) -> str:
        return self.adjectives.get(role, role.replace("-", " "))

    def sort(self, roles: Iterable[str]) -> tuple[str, ...]:
        known = {role: i for i, role in enumerate(self.order)}
        return tuple(sorted(roles, key=lambda role: (known.get(role, len(known)), role)))


DEFAULT_WORDS = RoleWords.of(defaults())


@dataclass(frozen=True)
class Review:
    policies: tuple[PolicyReview, ...]
    #: base files that could not be read: their policies are compared as new
    unreadable_before: tuple[Problem, ...] = ()
    #: errors in files at the newer side that are not policies (a stray file, a folder problem)
    other_errors: tuple[Problem, ...] = ()
    #: the handbook's roles, for the reporters' wording
    words: RoleWords = DEFAULT_WORDS

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.policies) and not self.other_errors

    @property
    def errors(self) -> int:
        return sum(len(p.errors) for p in self.policies) + len(self.other_errors)

    def count(self, kind: ReviewKind) -> int:
        return sum(1 for p in self.policies if p.kind == kind)


@dataclass(frozen=True)
class Side:
    """One revision as the review sees it: the policies that could be read, and every error."""

    policies: tuple[Policy, ...]
    #: errors by the file they are in (its path from the project root)
    errors: Mapping[str, tuple[Problem, ...]] = field(default_factory=dict)


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


def compare(base: Side | Sequence[Policy], head: Side | Sequence[Policy], *, words: RoleWords = DEFAULT_WORDS) -> Review:
    """Every policy added, removed, changed or broken from `base` to `head`, checked against the rules.

    A file that cannot be read at `head` is listed with its errors, not taken for a
    removal; one that could not be read at `base` is compared as new, without the rule
    for a new policy's first version.
    """
    base = base if isinstance(base, Side) else Side(tuple(base))
    head = head if isinstance(head, Side) else Side(tuple(head))
    old = {p.id: p for p in base.policies}
    new = {p.id: p for p in head.policies}
    read_before = {p.source for p in base.policies}
    unread_before = {id_from_file_name(PurePosixPath(source)) for source in base.errors if source not in read_before}
    read_now = {p.id for p in head.policies}
    unreadable_before = tuple(
        sorted(problems[0] for source, problems in base.errors.items() if source not in read_before and problems and id_from_file_name(PurePosixPath(source)) in read_now)
    )
    shown = {p.source for p in new.values()}
    broken = {source: problems for source, problems in head.errors.items() if source not in shown}
    broken_ids = {id_from_file_name(PurePosixPath(source)): source for source in broken}
    reviews: list[PolicyReview] = []
    for pid, policy in new.items():
        errors = head.errors.get(policy.source, ())
        if pid not in old:
            reviews.append(_added(policy, first_seen=pid not in unread_before, errors=errors))
            continue
        review = _changed(old[pid], policy, errors=errors, words=words)
        if review is not None:
            reviews.append(review)
    for pid, policy in old.items():
        if pid in new:
            continue
        source = policy.source if policy.source in broken else broken_ids.get(pid)
        if source is None:
            reviews.append(_removed(policy))
        else:
            reviews.append(_unreadable(source, broken.pop(source), before=policy))
    other: list[Problem] = []
    for source, problems in broken.items():
        if id_from_file_name(PurePosixPath(source)):
            reviews.append(_unreadable(source, problems))
        else:
            other += problems
    return Review(tuple(sorted(reviews, key=lambda r: (r.id, r.source))), unreadable_before, tuple(sorted(other)), words)


def _added(policy: Policy, *, first_seen: bool, errors: tuple[Problem, ...]) -> PolicyReview:
    findings = []
    drafting = policy.status in _DRAFTING
    if first_seen and ((not drafting and policy.version != "1.0.0") or version_key(policy.version) > (1, 0, 0)):
        findings.append(Finding(FindingKind.FIRST_VERSION, after=policy.version, drafting=drafting))
    entry = next((e for e in policy.changelog if e.version == policy.version), None)
    change = Change(ChangeKind.POLICY_ADDED, policy.id, after=policy.status, text=policy.summary, roles=policy.audience)
    return PolicyReview(
        policy.id, policy.title, "added", policy.source, None, policy.version, (change,),
        declared="first", changelog=entry, findings=tuple(findings), errors=errors, status=policy.status,
    )  # fmt: skip


def _removed(policy: Policy) -> PolicyReview:
    findings = () if policy.status in _DRAFTING else (Finding(FindingKind.PUBLISHED_POLICY_DELETED, before=policy.version),)
    change = Change(ChangeKind.POLICY_REMOVED, policy.id, before=policy.status)
    return PolicyReview(policy.id, policy.title, "removed", policy.source, policy.version, None, (change,), "major", "none", None, findings, status=policy.status)


def _unreadable(source: str, errors: tuple[Problem, ...], *, before: Policy | None = None) -> PolicyReview:
    pid = before.id if before else id_from_file_name(PurePosixPath(source))
    return PolicyReview(pid, before.title if before else "", "unreadable", source, before.version if before else None, None, errors=errors, status=before.status if before else None)


def _changed(old: Policy, new: Policy, *, errors: tuple[Problem, ...] = (), words: RoleWords = DEFAULT_WORDS) -> PolicyReview | None:
    if old == new and not errors:
        return None  # the same file, read the same: nothing to compare
    entry = next((e for e in new.changelog if e.version == new.version), None) if new.version != old.version else None
    if entry is not None and any(e.version == new.version for e in old.changelog):
        entry = None  # not the entry of this change: the old version's
    clarification = entry.clarification if entry else None
    changes = [
        *_status(old, new), *_audience(old, new, words), *_statements(old, new, clarification, words), *_lists(old, new, clarification),
        *_phrases(old, new), *_responses(old, new), *_target(old, new), *_wording(old, new),
    ]  # fmt: skip
    if not changes and old.version == new.version:
        if not errors:
            return None
        return PolicyReview(new.id, new.title, "unchanged", new.source, old.version, new.version, errors=errors, status=new.status)
    required = bump_max(c.bump for c in changes)
    if new.status in _DRAFTING and old.status in _DRAFTING and required != "none":
        required = "patch"  # drafts change freely; any raise will do until published
    declared = declared_bump(old.version, new.version)
    findings = []
    fresh = entry.version if entry is not None else None
    if declared == "lower":
        findings.append(Finding(FindingKind.VERSION_LOWERED, before=old.version, after=new.version))
    elif RAISES.index(declared) < RAISES.index(required):
        findings.append(Finding(FindingKind.RAISE_TOO_SMALL, required, declared, old.version, new.version, next_version(old.version, required), fresh))
    elif (declared == "major" and version_key(new.version)[1:] != (0, 0)) or (declared == "minor" and version_key(new.version)[2] != 0):
        findings.append(Finding(FindingKind.NUMBERS_NOT_RESET, required, declared, old.version, new.version, next_version(old.version, declared), fresh))
    kept = new.changelog[len(new.changelog) - len(old.changelog) :] if len(new.changelog) >= len(old.changelog) else ()
    if tuple(kept) != old.changelog:
        findings.append(Finding(FindingKind.CHANGELOG_REWRITTEN))
    said = any(p.code == "changelog-version" for p in errors)  # validation already asks for the entry
    if new.version != old.version and entry is None and not said:
        findings.append(Finding(FindingKind.CHANGELOG_MISSING, after=new.version))
    return PolicyReview(new.id, new.title, "changed", new.source, old.version, new.version, tuple(changes), required, declared, entry, tuple(findings), errors, new.status)


# --- the rules, one family at a time -------------------------------------------------


def _status(old: Policy, new: Policy) -> Iterable[Change]:
    if old.status == new.status:
        return
    drafting = {old.status, new.status} <= _DRAFTING
    yield Change(ChangeKind.DRAFT_STATUS_CHANGED if drafting else ChangeKind.STATUS_CHANGED, new.id, before=old.status, after=new.status)


def _expand(roles: Iterable[str], words: RoleWords) -> set[str]:
    roles = set(roles)
    return (set(words.order) | roles) - {EVERYONE} if EVERYONE in roles else roles


def _reach(old: Iterable[str], new: Iterable[str], words: RoleWords) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Roles lost and gained from `old` to `new` (with 'everyone' read as every role), or None if the same."""
    before, after = _expand(old, words), _expand(new, words)
    if before == after:
        return None
    return words.sort(before - after), words.sort(after - before)


def _reach_changes(narrowed: ChangeKind, widened: ChangeKind, pid: str, old: Sequence[str], new: Sequence[str], words: RoleWords, **where: Any) -> Iterable[Change]:
    reach = _reach(old, new, words)
    if reach is None:
        return
    lost, gained = reach
    before, after = words.sort(old), words.sort(new)
    if lost:
        yield Change(narrowed, pid, before=before, after=after, lost=lost, gained=gained, **where)
    if gained:
        yield Change(widened, pid, before=before, after=after, lost=lost, gained=gained, **where)


def _audience(old: Policy, new: Policy, words: RoleWords) -> Iterable[Change]:
    yield from _reach_changes(ChangeKind.AUDIENCE_NARROWED, ChangeKind.AUDIENCE_WIDENED, new.id, old.audience, new.audience, words)
    yield from _reach_changes(ChangeKind.LEADERS_NARROWED, ChangeKind.LEADERS_WIDENED, new.id, old.roles, new.roles, words)


def match_statements(old: Sequence[Statement], new: Sequence[Statement]) -> list[tuple[Statement, Statement]]:
    """Pairs (before, after) that are the same statement, found by content as well as id.

    Statements with the same words pair first, then the most alike (at least `SAME_ITEM`),
    preferring the same id on a tie, so a statement keeps its partner when others are
    inserted or renumbered around it. What is left with the same id on both sides pairs
    too: its author kept the id, however much the words changed.
    """
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    unchanged = {(b.id, b.text): j for j, b in enumerate(new)}
    for i, a in enumerate(old):  # most statements are as they were: pair those without comparing words
        if (j := unchanged.get((a.id, a.text))) is not None:
            pairs[i] = j
            taken.add(j)
    candidates = sorted(
        ((similarity(a.text, b.text), a.id == b.id, -i, -j) for i, a in enumerate(old) if i not in pairs for j, b in enumerate(new) if j not in taken),
        reverse=True,
    )
    for score, _same_id, i, j in candidates:
        if score < SAME_ITEM:
            break
        if -i not in pairs and -j not in taken:
            pairs[-i] = -j
            taken.add(-j)
    by_id = {b.id: j for j, b in enumerate(new) if j not in taken}
    for i, a in enumerate(old):
        if i not in pairs and a.id in by_id:
            pairs[i] = by_id.pop(a.id)
    return [(old[i], new[j]) for i, j in sorted(pairs.items())]


def _statements(old: Policy, new: Policy, clarification: str | None, words: RoleWords) -> Iterable[Change]:
    pairs = match_statements(old.statements, new.statements)
    paired_old, paired_new = {a.id for a, _ in pairs}, {b.id for _, b in pairs}
    for statement in old.statements:
        if statement.id not in paired_old:
            yield Change(ChangeKind.STATEMENT_REMOVED, new.id, statement.id, level=statement.level, before=statement.text, text=statement.text)
    for statement in new.statements:
        if statement.id not in paired_new:
            yield Change(ChangeKind.STATEMENT_ADDED, new.id, statement.id, level=statement.level, after=statement.text, text=statement.text)
    yield from _renumbered(new.id, pairs)
    yield from _reordered(new.id, pairs, new.statements)
    for before, after in pairs:
        yield from _statement(new.id, before, after, clarification, words)


def _number(sid: str) -> int:
    return int(sid[1:])


def _renumbered(pid: str, pairs: Sequence[tuple[Statement, Statement]]) -> Iterable[Change]:
    """One change per run of statements that moved to new ids by the same step (S2–S7 to S3–S8)."""
    moved = sorted(((a.id, b.id) for a, b in pairs if a.id != b.id), key=lambda ids: _number(ids[0]))
    run: list[tuple[str, str]] = []
    for ids in moved:
        if run and (_number(ids[0]) - _number(run[-1][0]), _number(ids[1]) - _number(run[-1][1])) == (1, 1):
            run.append(ids)
            continue
        if run:
            yield Change(ChangeKind.STATEMENTS_RENUMBERED, pid, before=tuple(a for a, _ in run), after=tuple(b for _, b in run))
        run = [ids]
    if run:
        yield Change(ChangeKind.STATEMENTS_RENUMBERED, pid, before=tuple(a for a, _ in run), after=tuple(b for _, b in run))


def _reordered(pid: str, pairs: Sequence[tuple[Statement, Statement]], new: Sequence[Statement]) -> Iterable[Change]:
    """Statements that kept their ids but changed places."""
    kept = [a.id for a, b in pairs if a.id == b.id]
    now = [s.id for s in new if s.id in kept]
    if kept != now:
        yield Change(ChangeKind.STATEMENTS_REORDERED, pid, before=tuple(kept), after=tuple(now))


def _statement(pid: str, old: Statement, new: Statement, clarification: str | None, words: RoleWords) -> Iterable[Change]:
    where: dict[str, Any] = {"statement": new.id, "was": old.id if old.id != new.id else None, "level": new.level, "text": new.text}
    if old.level != new.level:
        stronger = LEVELS.index(new.level) < LEVELS.index(old.level)
        yield Change(ChangeKind.STATEMENT_STRENGTHENED if stronger else ChangeKind.STATEMENT_WEAKENED, pid, before=old.level, after=new.level, **where)
    if old.text != new.text:
        yield _reword(pid, old.text, new.text, clarification, whole=True, **where)
    yield from _reach_changes(ChangeKind.STATEMENT_AUDIENCE_NARROWED, ChangeKind.STATEMENT_AUDIENCE_WIDENED, pid, old.audience, new.audience, words, **where)


def _reword(pid: str, before: str, after: str, clarification: str | None, *, whole: bool, **where: Any) -> Change:
    """A reworded statement or list item: a patch, unless words that carry a rule changed
    (or, for a statement, most of its words did) and the changelog does not call it a clarification."""
    words = rule_words(before, after)
    rewritten = whole and similarity(before, after) < REWRITTEN
    if whole:
        kind = ChangeKind.STATEMENT_REWRITTEN if rewritten else ChangeKind.STATEMENT_RULE_REWORDED if words else ChangeKind.STATEMENT_REWORDED
        if kind != ChangeKind.STATEMENT_REWORDED and clarification:
            kind = ChangeKind.STATEMENT_CLARIFIED
    else:
        kind = ChangeKind.ITEM_RULE_REWORDED if words else ChangeKind.ITEM_REWORDED
        if words and clarification:
            kind = ChangeKind.ITEM_CLARIFIED
    declared = clarification if kind in (ChangeKind.STATEMENT_CLARIFIED, ChangeKind.ITEM_CLARIFIED) else None
    return Change(kind, pid, before=before, after=after, words=words or None, clarification=declared, **where)


def _pair_rewordings(before: Sequence[str], after: Sequence[str]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Items only before, only after, and (before, after) pairs that look like the same item reworded."""
    removed = [item for item in before if item not in after]
    added = [item for item in after if item not in before]
    pairs = []
    for item in list(removed):
        best = max(added, key=lambda other: similarity(item, other), default=None)
        if best is not None and similarity(item, best) >= SAME_ITEM:
            pairs.append((item, best))
            removed.remove(item)
            added.remove(best)
    return removed, added, pairs


def _lists(old: Policy, new: Policy, clarification: str | None) -> Iterable[Change]:
    for name in LISTS:
        removed, added, pairs = _pair_rewordings(getattr(old, name), getattr(new, name))
        for item in removed:
            yield Change(ChangeKind.ITEM_REMOVED, new.id, field=name, before=item)
        for item in added:
            yield Change(ChangeKind.ITEM_ADDED, new.id, field=name, after=item)
        for before, after in pairs:
            yield _reword(new.id, before, after, clarification, whole=False, field=name)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!?")


def _phrases(old: Policy, new: Policy) -> Iterable[Change]:
    old_use, old_avoid = ({_norm(p.text): p for p in side} for side in (old.phrases_use, old.phrases_avoid))
    new_use, new_avoid = ({_norm(p.text): p for p in side} for side in (new.phrases_use, new.phrases_avoid))
    for key, phrase in new_use.items():
        if key in old_avoid:
            yield Change(ChangeKind.PHRASE_ALLOWED, new.id, field="phrases.use", before=old_avoid[key].text, after=phrase.text)
        elif key not in old_use:
            yield Change(ChangeKind.PHRASE_TO_USE_ADDED, new.id, field="phrases.use", after=phrase.text)
    for key, phrase in new_avoid.items():
        if key in old_use:
            yield Change(ChangeKind.PHRASE_DISCOURAGED, new.id, field="phrases.avoid", before=old_use[key].text, after=phrase.text)
        elif key not in old_avoid:
            yield Change(ChangeKind.PHRASE_TO_AVOID_ADDED, new.id, field="phrases.avoid", after=phrase.text)
    for key, phrase in old_avoid.items():
        if key not in new_avoid and key not in new_use:
            yield Change(ChangeKind.PHRASE_NO_LONGER_AVOIDED, new.id, field="phrases.avoid", before=phrase.text)
    for key, phrase in old_use.items():
        if key not in new_use and key not in new_avoid:
            yield Change(ChangeKind.PHRASE_TO_USE_REMOVED, new.id, field="phrases.use", before=phrase.text)
    for side, before, after in (("use", old_use, new_use), ("avoid", old_avoid, new_avoid)):
        for key in sorted(before.keys() & after.keys()):
            if before[key] != after[key]:
                yield Change(ChangeKind.PHRASE_REWORDED, new.id, field=f"phrases.{side}", before=before[key], after=after[key])


def _responses(old: Policy, new: Policy) -> Iterable[Change]:
    before = {(r.channel, _norm(r.measure)): r for r in old.response_standards}
    after = {(r.channel, _norm(r.measure)): r for r in new.response_standards}
    for key, r in before.items():
        if key not in after:
            yield Change(ChangeKind.RESPONSE_STANDARD_REMOVED, new.id, field="response_standards", before=r)
    for key, r in after.items():
        if key not in before:
            yield Change(ChangeKind.RESPONSE_STANDARD_ADDED, new.id, field="response_standards", after=r)
            continue
        was = before[key]
        if (was.value, was.unit, was.share) != (r.value, r.unit, r.share):
            yield Change(_response_direction(was, r), new.id, field="response_standards", before=was, after=r)


def _response_direction(old: ResponseStandard, new: ResponseStandard) -> ChangeKind:
    if old.unit == new.unit:
        slower, faster = new.value > old.value, new.value < old.value
    elif old.unit in _SECONDS and new.unit in _SECONDS:
        a, b = old.value * _SECONDS[old.unit], new.value * _SECONDS[new.unit]
        slower, faster = b > a, b < a
    else:
        return ChangeKind.RESPONSE_STANDARD_UNCOMPARABLE  # a reviewer must look, as for a loosening
    fewer, more = (new.share or 100) < (old.share or 100), (new.share or 100) > (old.share or 100)
    if slower or fewer:
        return ChangeKind.RESPONSE_STANDARD_LOOSENED
    return ChangeKind.RESPONSE_STANDARD_TIGHTENED if faster or more else ChangeKind.RESPONSE_STANDARD_RESTATED


def _target(old: Policy, new: Policy) -> Iterable[Change]:
    if old.target is None or new.target is None or old.target == new.target:
        return
    a, b = old.target, new.target
    if a.unit != b.unit:
        kind = ChangeKind.TARGET_COUNTS_SOMETHING_ELSE
    elif b.per_year != a.per_year:
        kind = ChangeKind.TARGET_LOWERED if b.per_year < a.per_year else ChangeKind.TARGET_RAISED
    else:
        kind = ChangeKind.TARGET_RESTATED
    yield Change(kind, new.id, field="target", before=a, after=b, roles=new.roles)


def _wording(old: Policy, new: Policy) -> Iterable[Change]:
    for name in TEXTS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            kind = ChangeKind.TEXT_REWORDED if isinstance(before, str) and isinstance(after, str) else ChangeKind.FIELD_CHANGED
            yield Change(kind, new.id, field=name, before=before, after=after)
    for name in FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            yield Change(ChangeKind.FIELD_CHANGED, new.id, field=name, before=before, after=after)
