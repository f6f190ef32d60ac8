"""Reporters for the review of a change (`policybook diff`): all of its wording.

`diff` says what changed as plain facts; this module says it to people. Markdown for the
job summary and the pull-request comment (policy text escaped, word diffs as <del>/<ins>,
which code hosts render), JSON for tools (the facts as plain values: no HTML, no
Markdown), and workflow annotations on the lines concerned.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .diff import BUMPS, DEFAULT_WORDS, RAISES, Change, ChangeKind, Finding, FindingKind, PolicyReview, Review, RoleWords, next_version
from .model import ResponseStandard, Target, amount
from .problems import Problem, plural
from .report import escape_data, escape_property, github_annotation, inert, problem_record, table_cell
from .vocabulary import DRAFTING, STATUSES
from .wording import RULE_WORDS, RuleWords, segments

_MARK = {True: "✅", False: "❌"}
#: The first line of the pull-request comment: how the workflow finds its own comment again.
COMMENT_MARKER = "<!-- policybook-review -->"
#: The first line instead, when there is nothing to review: no comment is opened for it.
QUIET_MARKER = "<!-- policybook-review: nothing to review -->"
#: Code hosts refuse longer comments (GitHub: 65,536 characters).
COMMENT_LIMIT = 60_000

_LISTS = {
    "do": "Things to do",
    "dont": "Things not to do",
    "leaders_model_it": "How leaders model it",
    "situations": "Situations covered",
    "addressing_customers": "Addressing customers",
    "answering_questions": "Answering questions",
    "evidence": "What counts as evidence",
}
_FIELDS = {
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
_MEANING = {
    ("must", "should"): "it becomes expected rather than required",
    ("must", "may"): "it becomes optional",
    ("should", "may"): "it becomes optional rather than expected",
    ("may", "should"): "it becomes expected rather than optional",
    ("may", "must"): "it becomes required",
    ("should", "must"): "it becomes required rather than expected",
}
_GONE = {"must": "employees no longer have to do this", "should": "this is no longer expected", "may": "this is no longer offered as an option"}
_NOW = {
    "active": "it is now in force",
    "deprecated": "it still applies but is being phased out",
    "retired": "it no longer applies",
    "draft": "it no longer applies; it is back to a draft",
    "proposed": "it no longer applies; it is a proposal again",
}
_WAS = {status.name: status.was for status in STATUSES}
_CLASS_NAMES = {"number": "a number", "time limit": "a time limit", "negation": "a negation", "quantifier": "a quantifier", "condition": "a condition", "obligation": "an obligation"}


# --- plain pieces -------------------------------------------------------------------


def _quote(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return "“" + inert(flat if len(flat) <= limit else flat[: limit - 1] + "…") + "”"


def _code(path: str) -> str:
    """A file's path as inline code; a backtick in the name cannot end it early."""
    return "`" + path.replace("`", "'").replace("|", "\\|") + "`"


def word_diff(before: str, after: str) -> str:
    """A word-level diff as HTML that code hosts render: <del>removed</del> <ins>added</ins>."""
    tags = {"removed": "<del>{}</del>", "added": "<ins>{}</ins>", "same": "{}"}
    return "“" + " ".join(tags[s.kind].format(inert(s.text)) for s in segments(before, after)) + "”"


def _roles(w: RoleWords, roles: Iterable[str]) -> str:
    """The roles as readers call them; the labels come from policybook.yml, which a pull request can change too."""
    return _and([inert(w.label(r)) for r in roles] or ["nobody"])


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _ids(ids: Sequence[str]) -> str:
    """'S3', or 'S2–S7' for a run."""
    return ids[0] if len(ids) == 1 else f"{ids[0]}–{ids[-1]}"


def _standard(r: ResponseStandard) -> str:
    within = f"within {amount(r.value, r.unit)}"
    return within + (f" for {r.share:g}% of contacts" if r.share else " for every contact")


def _words(words: RuleWords | None) -> str:
    """'a time limit and a condition: “within”, “ten” gone; “unless” new'."""
    if not words:
        return ""
    parts = []
    if words.removed:
        parts.append(", ".join(_quote(w) for w in words.removed) + " gone")
    if words.added:
        parts.append(", ".join(_quote(w) for w in words.added) + " new")
    return _and([_CLASS_NAMES[c] for c in words.classes]) + ": " + "; ".join(parts)


# --- one sentence per kind of change --------------------------------------------------


def _statement_label(c: Change, limit: int = 80) -> str:
    if c.was:
        return f"**{c.statement}** (was {c.was}: {_quote(c.text or '', limit)})"
    return f"**{c.statement}** ({_quote(c.text or '', limit)})"


def _sid(c: Change) -> str:
    return f"**{c.statement}** (was {c.was})" if c.was else f"**{c.statement}**"


def _reach(label: str, c: Change, w: RoleWords) -> str:
    shown = f"now {_roles(w, c.after)} (before: {_roles(w, c.before)})"
    if c.kind.endswith("narrowed"):
        return f"**{label} narrowed**: {shown}; {_roles(w, c.lost)} no longer covered"
    return f"**{label} widened**: {shown}; it now also covers {_roles(w, c.gained)}"


def _statement_reach(c: Change, w: RoleWords) -> str:
    return _reach(f"{c.statement} (was {c.was}) audience" if c.was else f"{c.statement} audience", c, w)


def _level(c: Change) -> str:
    return f"{_statement_label(c)} is now a *{c.after}* instead of a *{c.before}*: {_MEANING[(c.before, c.after)]}"


def _reworded(label: str, c: Change) -> str:
    diff = word_diff(c.before, c.after)
    if c.kind in (ChangeKind.STATEMENT_CLARIFIED, ChangeKind.ITEM_CLARIFIED):
        though = f", though words that carry the rule changed ({_words(c.words)})" if c.words else ""
        return f"{label} reworded, declared a clarification in the changelog (below){though}: {diff}"
    if c.kind == ChangeKind.STATEMENT_REWRITTEN:
        words = f"; words that carry the rule changed ({_words(c.words)})" if c.words else ""
        return f"{label} rewritten: so few of its words are left that it reads as a new rule in place of the old one{words}: {diff}"
    if c.kind in (ChangeKind.STATEMENT_RULE_REWORDED, ChangeKind.ITEM_RULE_REWORDED):
        return f"{label} reworded, and words that carry the rule changed ({_words(c.words)}): {diff}"
    return f"{label} reworded: {diff}"


def _list_label(c: Change) -> str:
    return f"**{_LISTS[c.field or '']}**"


def _target_label(c: Change, w: RoleWords) -> str:
    target: Target = c.after
    who = " and ".join(w.adjective(r) for r in c.roles)
    return f"**{inert((who + ' ' + target.activity).strip().capitalize())}**: {c.before} → {c.after}"


def _response_label(c: Change) -> str:
    r: ResponseStandard = c.after
    return f"**{r.channel.replace('-', ' ').capitalize()} — {inert(r.measure)}**: {_standard(c.before)} → {_standard(r)}"


def _field(c: Change) -> str:
    label = _FIELDS.get(c.field or "", c.field or "")
    if isinstance(c.before, str) and isinstance(c.after, str):
        return f"**{label}**: {inert(c.before)} → {inert(c.after)}"
    return f"**{label}** changed"


def _phrase_reworded(c: Change) -> str:
    return f"**Phrase to {(c.field or '').rsplit('.', 1)[-1]}** {_quote(c.after.text)}: wording of the phrase or its reason changed"


_SAY: dict[ChangeKind, Callable[[Change, RoleWords], str]] = {
    ChangeKind.POLICY_ADDED: lambda c, w: f"**New policy** ({c.after}), for {_roles(w, c.roles)}: {_quote(c.text or '')}",
    ChangeKind.POLICY_REMOVED: lambda c, w: f"**Policy removed** (it was {_WAS.get(c.before, c.before)})",
    ChangeKind.STATUS_CHANGED: lambda c, w: f"**Status**: {c.before} → {c.after}: {_NOW[c.after]}",
    ChangeKind.DRAFT_STATUS_CHANGED: lambda c, w: f"**Status**: {c.before} → {c.after}: {_NOW[c.after]}",
    ChangeKind.AUDIENCE_NARROWED: lambda c, w: _reach("Audience", c, w),
    ChangeKind.AUDIENCE_WIDENED: lambda c, w: _reach("Audience", c, w),
    ChangeKind.LEADERS_NARROWED: lambda c, w: _reach("Leaders bound", c, w),
    ChangeKind.LEADERS_WIDENED: lambda c, w: _reach("Leaders bound", c, w),
    ChangeKind.STATEMENT_REMOVED: lambda c, w: f"**{c.statement} removed** ({c.level}): {_quote(c.before)} — {_GONE[c.level or 'must']}",
    ChangeKind.STATEMENT_ADDED: lambda c, w: f"**New {c.statement}** ({c.level}): {_quote(c.after)}",
    ChangeKind.STATEMENT_WEAKENED: lambda c, w: _level(c),
    ChangeKind.STATEMENT_STRENGTHENED: lambda c, w: _level(c),
    ChangeKind.STATEMENT_AUDIENCE_NARROWED: _statement_reach,
    ChangeKind.STATEMENT_AUDIENCE_WIDENED: _statement_reach,
    ChangeKind.STATEMENT_REWRITTEN: lambda c, w: _reworded(_sid(c), c),
    ChangeKind.STATEMENT_RULE_REWORDED: lambda c, w: _reworded(_sid(c), c),
    ChangeKind.STATEMENT_CLARIFIED: lambda c, w: _reworded(_sid(c), c),
    ChangeKind.STATEMENT_REWORDED: lambda c, w: _reworded(_sid(c), c),
    ChangeKind.STATEMENTS_RENUMBERED: lambda c, w: f"**{_ids(c.before)} renumbered** to {_ids(c.after)}: the same statements under new ids",
    ChangeKind.STATEMENTS_REORDERED: lambda c, w: f"**Statements reordered**: now {', '.join(c.after)} (before: {', '.join(c.before)})",
    ChangeKind.ITEM_REMOVED: lambda c, w: f"{_list_label(c)}: removed {_quote(c.before)}",
    ChangeKind.ITEM_ADDED: lambda c, w: f"{_list_label(c)}: added {_quote(c.after)}",
    ChangeKind.ITEM_RULE_REWORDED: lambda c, w: _reworded(_list_label(c) + " item", c),
    ChangeKind.ITEM_CLARIFIED: lambda c, w: _reworded(_list_label(c) + " item", c),
    ChangeKind.ITEM_REWORDED: lambda c, w: _reworded(_list_label(c) + " item", c),
    ChangeKind.PHRASE_ALLOWED: lambda c, w: f"**Phrase moved from avoid to use**: {_quote(c.after)} — employees may now say it",
    ChangeKind.PHRASE_NO_LONGER_AVOIDED: lambda c, w: f"**Phrase no longer avoided**: {_quote(c.before)} — employees may now say it",
    ChangeKind.PHRASE_DISCOURAGED: lambda c, w: f"**Phrase moved from use to avoid**: {_quote(c.after)} — employees should no longer say it",
    ChangeKind.PHRASE_TO_USE_ADDED: lambda c, w: f"**Phrase to use added**: {_quote(c.after)}",
    ChangeKind.PHRASE_TO_AVOID_ADDED: lambda c, w: f"**Phrase to avoid added**: {_quote(c.after)}",
    ChangeKind.PHRASE_TO_USE_REMOVED: lambda c, w: f"**Phrase to use removed**: {_quote(c.before)}",
    ChangeKind.PHRASE_REWORDED: lambda c, w: _phrase_reworded(c),
    ChangeKind.RESPONSE_STANDARD_REMOVED: lambda c, w: f"**Response standard removed**: {c.before.channel} — {inert(c.before.measure)}, {_standard(c.before)}",
    ChangeKind.RESPONSE_STANDARD_ADDED: lambda c, w: f"**Response standard added**: {c.after.channel} — {inert(c.after.measure)}, {_standard(c.after)}",
    ChangeKind.RESPONSE_STANDARD_LOOSENED: lambda c, w: f"{_response_label(c)} (loosened)",
    ChangeKind.RESPONSE_STANDARD_UNCOMPARABLE: lambda c, w: f"{_response_label(c)} (units that cannot be compared: check that it is not looser)",
    ChangeKind.RESPONSE_STANDARD_TIGHTENED: lambda c, w: f"{_response_label(c)} (tightened)",
    ChangeKind.RESPONSE_STANDARD_RESTATED: lambda c, w: f"{_response_label(c)} (the same standard, written differently)",
    ChangeKind.TARGET_LOWERED: lambda c, w: f"{_target_label(c, w)} ({c.before.per_year} → {c.after.per_year} a year: lowered)",
    ChangeKind.TARGET_COUNTS_SOMETHING_ELSE: lambda c, w: f"{_target_label(c, w)} (what is counted changed from {c.before.unit} to {c.after.unit})",
    ChangeKind.TARGET_RAISED: lambda c, w: f"{_target_label(c, w)} ({c.before.per_year} → {c.after.per_year} a year: raised)",
    ChangeKind.TARGET_RESTATED: lambda c, w: f"{_target_label(c, w)} (the same {c.after.per_year} a year)",
    ChangeKind.TEXT_REWORDED: lambda c, w: _reworded(f"**{_FIELDS[c.field or '']}**", c),
    ChangeKind.FIELD_CHANGED: lambda c, w: _field(c),
}


def change_markdown(change: Change, words: RoleWords = DEFAULT_WORDS) -> str:
    """One change as a sentence, in Markdown: what changes for employees (roles by the names
    the handbook gives them)."""
    return _SAY[change.kind](change, words)


# --- what to fix ----------------------------------------------------------------------


def _raise_too_small(f: Finding) -> str:
    has = "did not change" if f.declared == "none" else f"has only a {f.declared} raise"
    then = (
        f", and the newest changelog entry's 'version' (now {f.entry}) to {f.version} too"
        if f.entry
        else f", and add a changelog entry for {f.version} at the top of 'changelog' saying what changes for employees"
    )
    return f"this change needs a {f.needs} version raise, but the version {has}: set 'version' to {f.version}{then}"


def _not_reset(f: Finding) -> str:
    where = f" (in 'version' and in the changelog entry for {f.entry})" if f.entry else ""
    return f"when raising the {f.declared} number, set the numbers after it to 0: {f.version}{where}"


_FIX: dict[FindingKind, Callable[[Finding], str]] = {
    FindingKind.RAISE_TOO_SMALL: _raise_too_small,
    FindingKind.VERSION_LOWERED: lambda f: f"the version went down from {f.before} to {f.after}; versions only go up",
    FindingKind.NUMBERS_NOT_RESET: _not_reset,
    FindingKind.CHANGELOG_REWRITTEN: lambda f: "earlier changelog entries were changed or removed; keep them as they were and add the new entry at the top",
    FindingKind.CHANGELOG_MISSING: lambda f: f"add a changelog entry for {f.after} at the top of 'changelog' saying what changes for employees",
    FindingKind.FIRST_VERSION: lambda f: f"a new policy starts at version {'0.x.y or 1.0.0' if f.drafting else '1.0.0'}, but this one is {f.after}",
    FindingKind.PUBLISHED_POLICY_DELETED: lambda f: (
        "the file was deleted; a published policy keeps its page so links to it work: set 'status: retired' (with 'superseded_by' or 'no_replacement_reason') instead"
    ),
}


def finding_text(finding: Finding, review: PolicyReview | None = None) -> str:
    """What to fix, in plain words (no Markdown)."""
    text = _FIX[finding.kind](finding)
    if finding.kind == FindingKind.RAISE_TOO_SMALL and review is not None and _only_rewordings_need_more(review, finding):
        if finding.declared == "patch":
            text += f"; or, if the reworded text keeps the rule as it was, keep {finding.after} and say why in the 'clarification' of its changelog entry"
        else:
            patch = next_version(finding.before or "0.0.0", "patch")
            text += f"; or, if the reworded text keeps the rule as it was, set 'version' to {patch}, add its changelog entry, and say why in the entry's 'clarification'"
    return text


def _only_rewordings_need_more(review: PolicyReview, finding: Finding) -> bool:
    rewordings = {ChangeKind.STATEMENT_RULE_REWORDED, ChangeKind.STATEMENT_REWRITTEN, ChangeKind.ITEM_RULE_REWORDED}
    declared = RAISES.index(finding.declared) if finding.declared in RAISES else 0
    more = [c for c in review.changes if RAISES.index(c.bump) > max(declared, 1)]
    return bool(more) and all(c.kind in rewordings for c in more)


def _where(problem: Problem) -> str:
    return f"line {problem.line}, column {problem.column}"


# --- markdown ---------------------------------------------------------------------------


def _row(p: PolicyReview) -> str:
    version = f"{p.before or 'new'} → {p.after or ('removed' if p.kind == 'removed' else '?')}"
    if p.kind == "added":
        needs, declared = ("0.x.y or 1.0.0" if p.status in DRAFTING else "1.0.0"), p.after or ""
    elif p.kind == "removed":
        needs, declared = p.required, "—"
    elif p.kind == "unreadable":
        needs, declared = "cannot be read", "—"
    else:
        needs, declared = p.required, p.declared
    version_changed = p.kind == "added" or (p.kind in ("changed", "unchanged") and p.before != p.after)
    entry = (p.changelog.version if p.changelog else "missing") if version_changed else "—"
    name = f"{p.id} · {table_cell(p.title)}" if p.title else f"{p.id} · {_code(p.source)}"
    return f"| {name} | {version} | {needs} | {declared} | {entry} | {_MARK[p.ok]} |"


def _section(p: PolicyReview, words: RoleWords) -> list[str]:
    title = f"{p.id} · {table_cell(p.title)}" if p.title else f"{p.id} · {_code(p.source)}"
    lines = ["", f"### {_MARK[p.ok]} {title}", "", f"{_code(p.source)} · {p.before or 'new'} → {p.after or ('removed' if p.kind == 'removed' else '?')}"]
    if p.findings:
        lines += [""] + [f"**To fix:** {inert(finding_text(f, p))}." for f in p.findings]
    if p.kind == "unreadable":
        lines += ["", f"This file cannot be read as a policy, so what its change means cannot be reviewed until {'this error is' if len(p.errors) == 1 else 'these errors are'} fixed:", ""]
        lines += [f"- {_where(e)}: {inert(e.message)}" for e in p.errors]
        return lines
    if p.errors:
        lines += ["", f"**{'Error' if len(p.errors) == 1 else 'Errors'} in this file** (fix before merging):", ""]
        lines += [f"- {_where(e)}: {inert(e.message)}" for e in p.errors]
    if p.changes:
        lines += ["", "What changes for employees:", ""]
        lines += [f"- *{c.bump}* — {change_markdown(c, words)}" if c.bump != "none" else f"- {change_markdown(c, words)}" for c in p.changes]
    if p.changelog:
        lines += ["", f"Changelog: {p.changelog.version} ({p.changelog.date}): {_quote(p.changelog.summary, 600)}"]
        if p.changelog.clarification:
            lines += ["", f"Clarification, as the changelog entry declares it: {_quote(p.changelog.clarification, 1000)}"]
    return lines


def _counts(review: Review) -> str:
    counts = f"{review.count('changed')} changed · {review.count('added')} added · {review.count('removed')} removed"
    unreadable = review.count("unreadable")
    return counts + (f" · {unreadable} cannot be read" if unreadable else "")


def review_markdown(review: Review) -> str:
    """The pull-request summary: what changes for employees, and whether the versions say so."""
    if not review.policies and not review.other_errors:
        return "## Policy changes\n\nNo policy changed.\n" + _notes(review)
    failing = sum(1 for p in review.policies if not p.ok) + (1 if review.other_errors else 0)
    needs = "policy needs" if failing == 1 else "policies need"
    verdict = "✅ every version raise and changelog entry is right" if review.ok else f"❌ {failing} {needs} attention before merging"
    if review.other_errors and not any(not p.ok for p in review.policies):
        verdict = f"❌ {plural(len(review.other_errors), 'error')} in other files to fix before merging"
    lines = ["## Policy changes", "", f"{_counts(review)} — {verdict}"]
    if review.policies:
        lines += ["", "| Policy | Version | Change needs | Declared | Changelog | |", "|---|---|---|---|---|---|"]
        lines += [_row(p) for p in review.policies]
    for p in review.policies:
        lines += _section(p, review.words)
    if review.other_errors:
        lines += ["", "### ❌ Other files with errors", ""]
        lines += [f"- {_code(e.file)} {_where(e)}: {inert(e.message)}" for e in review.other_errors]
    return "\n".join(lines) + "\n" + _notes(review)


def _notes(review: Review) -> str:
    return "".join(f"\n> At the base revision, {_code(p.file)} could not be read ({inert(p.message)}); it is compared as a new policy.\n" for p in review.unreadable_before)


def review_comment(review: Review, *, limit: int = COMMENT_LIMIT) -> str:
    """The pull-request comment: the summary under a marker line, cut to what a comment may hold."""
    quiet = not review.policies and not review.other_errors
    body = review_markdown(review)
    if len(body) > limit:
        cut = body.rfind("\n", 0, limit - 200)
        body = body[:cut] + "\n\n> The review is too long for a comment; the rest is in the check's job summary.\n"
    return (QUIET_MARKER if quiet else COMMENT_MARKER) + "\n" + body


# --- json -------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as JSON carries it: dataclasses as objects, tuples as lists."""
    if isinstance(value, Target):
        return {**dataclasses.asdict(value), "per_year": value.per_year}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def change_record(change: Change) -> dict[str, Any]:
    words = change.words
    return {
        "kind": str(change.kind),
        "raise": change.bump,
        "policy": change.policy,
        "statement": change.statement,
        "was": change.was,
        "field": change.field,
        "before": _plain(change.before),
        "after": _plain(change.after),
        "level": change.level,
        "text": change.text,
        "lost": list(change.lost),
        "gained": list(change.gained),
        "roles": list(change.roles),
        "rule_words": {"removed": list(words.removed), "added": list(words.added), "classes": list(words.classes)} if words else None,
        "clarification": change.clarification,
    }


def _finding_record(finding: Finding, review: PolicyReview) -> dict[str, Any]:
    fields = {k: v for k, v in dataclasses.asdict(finding).items() if k != "kind"}
    return {"kind": str(finding.kind), "message": finding_text(finding, review), **fields}


def review_json(review: Review) -> str:
    records = [
        {
            "id": p.id,
            "title": p.title,
            "change": p.kind,
            "source": p.source,
            "status": p.status,
            "before": p.before,
            "after": p.after,
            "required": p.required,
            "declared": p.declared,
            "changelog": _plain(p.changelog),
            "ok": p.ok,
            "problems": [_finding_record(f, p) for f in p.findings],
            "errors": [problem_record(e) for e in p.errors],
            "changes": [change_record(c) for c in p.changes],
        }
        for p in review.policies
    ]
    result = {
        "ok": review.ok,
        "errors": review.errors,
        "policies": records,
        "other_errors": [problem_record(e) for e in review.other_errors],
        "unreadable_before": [problem_record(e) for e in review.unreadable_before],
    }
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


# --- github annotations -----------------------------------------------------------------


def review_annotations(review: Review, line_of: Callable[[str], int]) -> str:
    """Workflow annotations: each version problem on the policy's `version:` line, each file
    with errors on its first error, and a notice for each policy that is right."""
    out = []
    for p in review.policies:
        where = f"file={escape_property(p.source)},line={line_of(p.source)}"
        for finding in p.findings:
            out.append(f"::error {where},title={escape_property(p.id + ' version')}::{escape_data(finding_text(finding, p))}")
        if p.errors:
            first = p.errors[0]
            them = "it" if len(p.errors) == 1 else "them"
            how = f"it cannot be read as a policy, so its change cannot be reviewed until you fix {them}" if p.kind == "unreadable" else f"fix {them} before merging"
            listed = "\n".join(f"{_where(e)}: {e.message}" for e in p.errors)
            message = f"{plural(len(p.errors), 'error')} in this file; {how}:\n{listed}"
            out.append(f"::error file={escape_property(p.source)},line={first.line},col={first.column},title={escape_property(p.id + ' review')}::{escape_data(message)}")
        if p.ok:
            needs = f" (needs {p.required}, declared {p.declared})" if p.kind == "changed" else ""
            summary = f"{p.id}: {p.kind}, {p.before or 'new'} → {p.after or 'removed'}{needs}"
            out.append(f"::notice {where},title={escape_property(p.id + ' review')}::{escape_data(summary)}")
    out += [github_annotation(e) for e in review.other_errors]
    return "".join(line + "\n" for line in out)


REVIEW_REPORTERS: dict[str, Callable[[Review], str]] = {"markdown": review_markdown, "json": review_json, "comment": review_comment}


# --- the rules, for the README -------------------------------------------------------------

#: How the README's table names each kind of change.
KIND_SUMMARIES: dict[ChangeKind, str] = {
    ChangeKind.POLICY_REMOVED: "a policy's file deleted (a published policy is retired instead)",
    ChangeKind.STATUS_CHANGED: "the policy deprecated, retired, taken out of force or put into force",
    ChangeKind.AUDIENCE_NARROWED: "the audience narrowed",
    ChangeKind.LEADERS_NARROWED: "the leaders bound narrowed",
    ChangeKind.STATEMENT_REMOVED: "a statement removed",
    ChangeKind.STATEMENT_WEAKENED: "a level weakened (*must* → *should* / *may*, *should* → *may*)",
    ChangeKind.STATEMENT_AUDIENCE_NARROWED: "a statement's audience narrowed",
    ChangeKind.STATEMENT_REWRITTEN: "a statement rewritten so that few of its words are left (it reads as a new rule)",
    ChangeKind.ITEM_REMOVED: "an item removed from a list (do / don't, situations, guidance, evidence)",
    ChangeKind.PHRASE_ALLOWED: "a phrase moved from *avoid* to *use*",
    ChangeKind.PHRASE_NO_LONGER_AVOIDED: "a phrase no longer avoided",
    ChangeKind.RESPONSE_STANDARD_REMOVED: "a response standard removed",
    ChangeKind.RESPONSE_STANDARD_LOOSENED: "a response standard loosened (slower, or for fewer contacts)",
    ChangeKind.RESPONSE_STANDARD_UNCOMPARABLE: "a response standard moved to a unit that cannot be compared with the old one (business hours and minutes)",
    ChangeKind.TARGET_LOWERED: "a leader target lowered (compared per year: 2 a quarter = 8, 1 a month = 12)",
    ChangeKind.TARGET_COUNTS_SOMETHING_ELSE: "what a leader target counts changed",
    ChangeKind.AUDIENCE_WIDENED: "the audience widened",
    ChangeKind.LEADERS_WIDENED: "the leaders bound widened",
    ChangeKind.STATEMENT_ADDED: "a statement added",
    ChangeKind.STATEMENT_STRENGTHENED: "a level strengthened",
    ChangeKind.STATEMENT_AUDIENCE_WIDENED: "a statement's audience widened",
    ChangeKind.STATEMENT_RULE_REWORDED: "a statement reworded so that a word that carries its rule changes (see below)",
    ChangeKind.ITEM_ADDED: "a list item added",
    ChangeKind.ITEM_RULE_REWORDED: "a list item reworded so that a word that carries its rule changes",
    ChangeKind.PHRASE_DISCOURAGED: "a phrase moved from *use* to *avoid*",
    ChangeKind.PHRASE_TO_USE_ADDED: "a phrase to use added",
    ChangeKind.PHRASE_TO_AVOID_ADDED: "a phrase to avoid added",
    ChangeKind.PHRASE_TO_USE_REMOVED: "a phrase to use removed",
    ChangeKind.RESPONSE_STANDARD_ADDED: "a response standard added",
    ChangeKind.RESPONSE_STANDARD_TIGHTENED: "a response standard tightened",
    ChangeKind.TARGET_RAISED: "a leader target raised",
    ChangeKind.DRAFT_STATUS_CHANGED: "a draft made a proposal, or back",
    ChangeKind.STATEMENT_REWORDED: "a statement reworded with the words that carry its rule kept (shown word by word)",
    ChangeKind.STATEMENT_CLARIFIED: "a statement reworded in a way that looks like a new rule, which the changelog entry declares a clarification (the review shows it)",
    ChangeKind.STATEMENTS_RENUMBERED: "statements renumbered (matched by their words, not only their ids)",
    ChangeKind.STATEMENTS_REORDERED: "statements put in another order",
    ChangeKind.ITEM_REWORDED: "a list item reworded with the words that carry its rule kept",
    ChangeKind.ITEM_CLARIFIED: "a list item reworded in a way the changelog entry declares a clarification",
    ChangeKind.PHRASE_REWORDED: "a phrase's reason or alternative reworded",
    ChangeKind.RESPONSE_STANDARD_RESTATED: "a response standard written differently with the same meaning",
    ChangeKind.TARGET_RESTATED: "a leader target written differently with the same count a year",
    ChangeKind.TEXT_REWORDED: "the summary, rationale, how it is measured, or the reason there is no replacement reworded",
    ChangeKind.FIELD_CHANGED: "title, owner, sources, tags, related policies, dates, replacements",
}
_RAISE_MEANS = {
    "major": "takes away or weakens something employees relied on",
    "minor": "adds or strengthens, or may change a rule",
    "patch": "keeps the meaning",
}


def raises_markdown() -> str:
    """The README's table of raises, and the words that carry a rule, made from `BUMPS` and `RULE_WORDS`."""
    rows = ["| Raise | When the change... |", "|---|---|"]
    for bump in ("major", "minor", "patch"):
        kinds = [KIND_SUMMARIES[kind] for kind in ChangeKind if BUMPS[kind] == bump]
        rows.append(f"| **{bump}** | {_RAISE_MEANS[bump]}: {'; '.join(kinds)} |")
    words = [f"- {_CLASS_NAMES[name]}: {', '.join(f'*{w}*' for w in members)}" for name, members in RULE_WORDS.items()]
    words[0] += ", and any word with a digit in it"
    return "\n".join(rows) + "\n\nThe words that carry a rule (*seconds* counts as *second*, *ten* as *10*, *each* as *every*, *don't* as *not*):\n\n" + "\n".join(words) + "\n"
